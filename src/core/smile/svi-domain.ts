/**
 * The raw-SVI parameter domain volcal enforces, and the log-moneyness scales of a slice that size the
 * bounds on m and σ. Shared by the model spec (svi.ts) and the quasi-explicit calibrator.
 *
 * Domain:
 *   b ≥ 0, |ρ| ≤ 0.999, σ > 0;
 *   min_k w = a + b·σ·√(1 − ρ²) ≥ 0: no negative total variance anywhere (Gatheral & Jacquier 2014, §3.1);
 *   b·(1 + |ρ|) ≤ 2: Roger Lee's moment formula (Lee 2004, "The moment formula for implied volatility at
 *   extreme strikes", Thm 3.2/3.4): limsup w(k)/|k| ≤ 2 as |k| → ∞, and SVI's wings have slopes b(1 − ρ)
 *   (left) and b(1 + ρ) (right). The often quoted b(1 + |ρ|) ≤ 4/T (Gatheral 2004; the Zeliade paper's
 *   c ≤ 4σ is the same in total variance) is the weaker bound |∂w/∂k| ≤ 4 of Rogers & Tehranchi (2010),
 *   necessary everywhere but not sharp in the wings; Lee's bound is also what keeps Gatheral–Jacquier's g(k)
 *   positive as |k| → ∞ (g → 1/4 − slope²/16).
 */
import type { SviParams } from './svi.ts';

/** |ρ| ceiling: ρ = ±1 makes one wing flat and the model's gradient in ρ degenerate at the edge. */
export const SVI_MAX_ABS_RHO = 0.999;
/** Lee's bound on the asymptotic wing slope of total variance: b(1 + |ρ|) ≤ 2. */
export const LEE_MAX_WING_SLOPE = 2;

/** The smile's minimum, a + bσ√(1 − ρ²), reached at k* = m − ρσ/√(1 − ρ²) (for |ρ| < 1). */
export function sviMinimumTotalVariance(p: SviParams): number {
  return p.a + p.b * p.sigma * Math.sqrt(Math.max(0, 1 - p.rho * p.rho));
}

/** Asymptotic wing slopes of w: b(1 − ρ) as k → −∞, b(1 + ρ) as k → +∞. */
export function sviWingSlopes(p: SviParams): { readonly left: number; readonly right: number } {
  return { left: p.b * (1 - p.rho), right: p.b * (1 + p.rho) };
}

/** Whether the wing slopes satisfy Lee's bound b(1 + |ρ|) ≤ 2 (`slack` tolerates rounding at the edge). */
export function satisfiesLeeBound(p: SviParams, slack = 0): boolean {
  return p.b * (1 + Math.abs(p.rho)) <= LEE_MAX_WING_SLOPE + slack;
}

/**
 * Why p is outside the domain above, or null when it is inside. `slack` widens the inequalities (for
 * results that sit on a boundary up to rounding). |ρ| is checked against 1, not 0.999: that ceiling is
 * the optimiser's box, not a no-arbitrage condition.
 */
export function sviDomainViolation(p: SviParams, slack = 0): string | null {
  const values = [p.a, p.b, p.rho, p.m, p.sigma];
  if (!values.every(Number.isFinite)) return `a parameter is not finite (${values.join(', ')})`;
  if (p.b < -slack) return `b = ${p.b} is negative`;
  if (Math.abs(p.rho) > 1 + slack) return `|ρ| = ${Math.abs(p.rho)} exceeds 1`;
  if (!(p.sigma > 0)) return `σ = ${p.sigma} is not positive`;
  const minimum = sviMinimumTotalVariance(p);
  if (minimum < -slack) return `min w = a + bσ√(1 − ρ²) = ${minimum} is negative`;
  if (!satisfiesLeeBound(p, slack)) {
    return `wing slope b(1 + |ρ|) = ${p.b * (1 + Math.abs(p.rho))} exceeds Lee's bound 2`;
  }
  return null;
}

/** The quote range [kMin, kMax] of a slice and its width `span` (at least 0.01, so one strike has a scale). */
export function sviSliceScales(logMoneyness: Float64Array): { kMin: number; kMax: number; span: number } {
  let kMin = Infinity;
  let kMax = -Infinity;
  for (const k of logMoneyness) {
    if (!Number.isFinite(k)) continue;
    if (k < kMin) kMin = k;
    if (k > kMax) kMax = k;
  }
  if (kMin > kMax) {
    kMin = 0;
    kMax = 0;
  }
  return { kMin, kMax, span: Math.max(kMax - kMin, 0.01) };
}

/** Bounds on m: the quote range widened by its width on each side (a vertex beyond the last strike). */
export function sviMBounds(span: number, kMin: number, kMax: number): { lower: number; upper: number } {
  return { lower: kMin - span, upper: kMax + span };
}

/**
 * Bounds on σ, the width of the smile's curved part: from 1e-4 of the quoted log-moneyness span (a V-shaped
 * smile) to SVI_SIGMA_SPAN_MULTIPLE × the span. Wider, the hyperbola is a parabola over the quotes (a ≪ 0,
 * b large) that fits them but has butterfly arbitrage a short way past them: on the 5 Feb 2026 BTC 2-day
 * slice σ ran to 1.8 for quotes spanning 0.37, with g < 0 at |k| = 1.5. Over every 20th Deribit snapshot
 * (306 slices), with the no-butterfly constraint on, the multiple 1 fits 93.4% of two-sided quotes inside the
 * spread, against 92.1% for 0.5 and 91.3% for 2 (and for the old max(4·span, 2)).
 */
export const SVI_SIGMA_SPAN_MULTIPLE = 1;

export function sviSigmaBounds(span: number): { lower: number; upper: number } {
  return { lower: 1e-4 * span, upper: SVI_SIGMA_SPAN_MULTIPLE * span };
}
