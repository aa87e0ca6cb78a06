/**
 * eSSVI: SSVI slices (ssvi.ts, ψ form) with a correlation ρ_i per expiry — Hendriks & Martini, "The extended
 * SSVI volatility surface", J. Computational Finance 22(5) (2019), SSRN 2971502 (HM below) — and the
 * parameter conditions under which a set of slices T_1 < … < T_n is free of static arbitrage.
 *
 * Butterflies, per slice (GJ Thm 4.2 in ψ form, GJ = Gatheral & Jacquier 2014):
 *   (B1) ψ_i(1 + |ρ_i|) < 4,   (B2) ψ_i²(1 + |ρ_i|) ≤ 4θ_i.
 *
 * Calendar spreads, between consecutive slices (HM §3; restated as the sufficient conditions on which the
 * global parametrisation of A. Mingone, "No arbitrage global parametrization for the eSSVI volatility
 * surface", Quantitative Finance 22 (2022), arXiv:2204.00312, §2–3, is built):
 *   (C1) θ_{i+1} ≥ θ_i;
 *   (C2) ψ_{i+1}(1 + ρ_{i+1}) ≥ ψ_i(1 + ρ_i) and ψ_{i+1}(1 − ρ_{i+1}) ≥ ψ_i(1 − ρ_i), i.e.
 *        |ρ_{i+1}ψ_{i+1} − ρ_iψ_i| ≤ ψ_{i+1} − ψ_i: both wing slopes ψ(1 ± ρ)/2 are non-decreasing (HM's
 *        necessary asymptotic condition). Equivalently ψ_{i+1} ≥ p_{i+1}ψ_i with
 *        p_{i+1} = max((1 + ρ_i)/(1 + ρ_{i+1}), (1 − ρ_i)/(1 − ρ_{i+1})) ≥ 1;
 *   (C3) ψ_{i+1}/θ_{i+1} ≤ ψ_i/θ_i: φ = ψ/θ is non-increasing (with C2 this makes θ_{i+1}/θ_i ≥ ψ_{i+1}/ψ_i ≥ p).
 * (C1)–(C3) together are sufficient for w(k, T_{i+1}) ≥ w(k, T_i) at every k (HM; the parametrisation
 * of Mingone 2022 §3 is built on exactly this set). HM's necessary-and-sufficient criterion is weaker (it allows some C3
 * violations, checked through the roots of a quartic, and was corrected by Pasquazzi, Theoretical Economics
 * Letters 13 (2023)); we enforce the sufficient set, which keeps every constraint a box bound after
 * Mingone's change of variables (essvi-spec.ts). Equation numbers of HM could not be checked against the
 * paper's text from this workspace; the conditions themselves are verified independently in the tests by
 * the static-arbitrage checker (static-arbitrage.ts) on dense grids.
 *
 * The same conditions make the interpolation of volatility-surface.ts arbitrage-free (Corbetta, Cohort,
 * Laachir & Martini, "Robust calibration and arbitrage-free interpolation of SSVI slices", Decisions in
 * Economics and Finance 42 (2019), §4): between slices θ, ψ and ρψ move linearly together, so the wing
 * slopes move linearly (C2), ψ/θ is a ratio of linear functions between two ordered values (C3), and
 * (B1)–(B2) hold by convexity.
 */
import type { SurfaceNode } from './surface-nodes.ts';

/** Relative margin kept inside the strict bound (B1): ψ(1 + |ρ|) ≤ 4(1 − B1_MARGIN). */
export const B1_MARGIN = 1e-9;

export interface ConditionViolation {
  /** Which condition (B1, B2 per slice; C1, C2, C3 between slice index and index + 1). */
  readonly condition: 'theta' | 'rho' | 'psi' | 'B1' | 'B2' | 'C1' | 'C2' | 'C3';
  readonly index: number;
  /** How far the condition is violated, in its own units (> 0). */
  readonly amount: number;
}

/**
 * Every violated no-arbitrage condition of a set of slices in time order, with a relative tolerance
 * (default 1e-10) for rounding. An empty list means the slices satisfy (B1)–(B2) and (C1)–(C3).
 */
export function essviConditionViolations(nodes: readonly SurfaceNode[], tolerance = 1e-10): ConditionViolation[] {
  const out: ConditionViolation[] = [];
  const push = (condition: ConditionViolation['condition'], index: number, shortfall: number, scale: number): void => {
    if (shortfall > tolerance * Math.max(scale, 1e-300)) out.push({ condition, index, amount: shortfall });
  };
  nodes.forEach((s, i) => {
    if (!(s.theta > 0)) out.push({ condition: 'theta', index: i, amount: -s.theta || 1 });
    if (!(Math.abs(s.rho) < 1)) out.push({ condition: 'rho', index: i, amount: Math.abs(s.rho) - 1 || 1 });
    if (!(s.psi >= 0)) out.push({ condition: 'psi', index: i, amount: -s.psi || 1 });
    const r = 1 + Math.abs(s.rho);
    push('B1', i, s.psi * r - 4, 4);
    push('B2', i, s.psi * s.psi * r - 4 * s.theta, 4 * s.theta);
    const next = nodes[i + 1];
    if (next === undefined) return;
    push('C1', i, s.theta - next.theta, s.theta);
    const shortUp = s.psi * (1 + s.rho) - next.psi * (1 + next.rho);
    const shortDown = s.psi * (1 - s.rho) - next.psi * (1 - next.rho);
    push('C2', i, Math.max(shortUp, shortDown), s.psi);
    push('C3', i, next.psi * s.theta - s.psi * next.theta, s.psi * next.theta);
  });
  return out;
}

/** p = max((1 + ρ_prev)/(1 + ρ), (1 − ρ_prev)/(1 − ρ)) ≥ 1: the smallest ψ/ψ_prev that (C2) allows. */
export function wingRatio(rhoPrevious: number, rho: number): number {
  return Math.max((1 + rhoPrevious) / (1 + rho), (1 - rhoPrevious) / (1 - rho));
}
