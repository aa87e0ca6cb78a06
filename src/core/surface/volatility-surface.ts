/**
 * A volatility surface over log-moneyness and time, built from calibrated SSVI or eSSVI slices: total
 * variance, implied vol and Dupire local vol anywhere in (k, T), with the slices' no-arbitrage guarantees
 * carried to every T in between and beyond.
 *
 * Time interpolation (all of it keeps w(k, ·) non-decreasing and every slice butterfly-free):
 * - eSSVI, between slices T_i ≤ T ≤ T_{i+1}: θ, ψ and ρψ all linear in T (so linear in θ), as in
 *   Corbetta, Cohort, Laachir & Martini 2019 §4 — the intermediate slices satisfy essvi.ts's (B1)–(C3)
 *   with both neighbours.
 * - SSVI: θ linear in T between slices and ψ = θφ(θ) with the power law, ρ fixed: an SSVI surface for a
 *   non-decreasing θ_t, arbitrage-free by GJ Thm 4.1–4.2.
 * - Before the first slice: θ = θ_1·T/T_1 → 0 as T → 0. eSSVI scales ψ and ρψ by the same factor
 *   (w = (T/T_1)·w_1 by homogeneity, φ unchanged, (B2) easier); SSVI keeps its power law.
 * - After the last slice: θ extrapolated linearly with the last segment's slope (≥ 0; θ_1/T_1 for a
 *   single slice), ψ and ρ kept (eSSVI) or ψ = θφ(θ) (SSVI): φ falls, both wing slopes stay put.
 * - Wings in k: none needed. SSVI's w is defined for every k and the conditions hold for every k.
 *
 * Dupire local variance in total-variance form (Gatheral, "The Volatility Surface", 2006, eq. 1.10;
 * GJ eq. 2.2): σ_loc²(k, T) = ∂_T w / g(k, T), g Durrleman's function. Every derivative is analytic: ∂_k w,
 * ∂²_k w from ssvi.ts, ∂_T w by the chain rule through θ(T), ψ(T), ρψ(T). At a slice time the right-hand
 * (forward) derivative in T is used; θ(T) is only piecewise linear, so local vol jumps at slice times.
 *
 * Units: k = ln(K/F); T in years; w total variance; vols annualised decimals.
 */
import type { SurfaceNode } from './surface-nodes.ts';
import type { SsviPowerLaw, SsviSliceParams } from './ssvi.ts';
import { durrlemanFromDerivatives, powerLawPsi, sliceStrikeDerivatives, sliceTotalVarianceGradient } from './ssvi.ts';

export interface VolatilitySurface {
  readonly model: 'ssvi' | 'essvi';
  /** The calibrated slices, in time order. */
  readonly nodes: readonly SurfaceNode[];
  /** w(k, T) = σ²T; 0 at T = 0. Throws RangeError for non-finite k or T < 0. */
  totalVariance(logMoneyness: number, timeYears: number): number;
  /** σ(k, T) = √(w/T). Throws RangeError for T ≤ 0. */
  impliedVol(logMoneyness: number, timeYears: number): number;
  /** ∂w/∂T at (k, T) (forward derivative at slice times). */
  totalVarianceTimeDerivative(logMoneyness: number, timeYears: number): number;
  /**
   * Dupire local vol. +Infinity where Durrleman's g ≤ 0 (no density: cannot happen for surfaces built by
   * the calibrators here). Throws RangeError for T ≤ 0.
   */
  localVol(logMoneyness: number, timeYears: number): number;
  /** The (θ, ρ, ψ) slice at time T. */
  sliceAt(timeYears: number): SsviSliceParams;
}

/** State of the slice at T: [θ, ρψ, ψ, dθ/dT, d(ρψ)/dT, dψ/dT]. */
type CurveAt = (timeYears: number, out: Float64Array) => void;

/** An eSSVI surface from slices satisfying essvi.ts's conditions (not checked here: see the calibrators). */
export function createEssviSurface(nodes: readonly SurfaceNode[]): VolatilitySurface {
  const n = nodes.length;
  if (n === 0) throw new RangeError('an eSSVI surface needs at least one slice');
  const T = Float64Array.from(nodes, (s) => s.timeToExpiryYears);
  const theta = Float64Array.from(nodes, (s) => s.theta);
  const psi = Float64Array.from(nodes, (s) => s.psi);
  const a = Float64Array.from(nodes, (s) => s.rho * s.psi);
  const lastSlope = n >= 2 ? (theta[n - 1]! - theta[n - 2]!) / (T[n - 1]! - T[n - 2]!) : theta[0]! / T[0]!;
  const curve: CurveAt = (t, out) => {
    if (t < T[0]!) {
      const scale = 1 / T[0]!;
      out[0] = theta[0]! * t * scale;
      out[1] = a[0]! * t * scale;
      out[2] = psi[0]! * t * scale;
      out[3] = theta[0]! * scale;
      out[4] = a[0]! * scale;
      out[5] = psi[0]! * scale;
      return;
    }
    if (t >= T[n - 1]!) {
      out[0] = theta[n - 1]! + lastSlope * (t - T[n - 1]!);
      out[1] = a[n - 1]!;
      out[2] = psi[n - 1]!;
      out[3] = lastSlope;
      out[4] = 0;
      out[5] = 0;
      return;
    }
    const i = segmentOf(T, t);
    const span = T[i + 1]! - T[i]!;
    const u = (t - T[i]!) / span;
    out[0] = theta[i]! + u * (theta[i + 1]! - theta[i]!);
    out[1] = a[i]! + u * (a[i + 1]! - a[i]!);
    out[2] = psi[i]! + u * (psi[i + 1]! - psi[i]!);
    out[3] = (theta[i + 1]! - theta[i]!) / span;
    out[4] = (a[i + 1]! - a[i]!) / span;
    out[5] = (psi[i + 1]! - psi[i]!) / span;
  };
  return surfaceFromCurve('essvi', nodes, curve);
}

/** A power-law SSVI surface: ATM total variances θ_i at times T_i and (ρ, η, γ) shared by all slices. */
export function createSsviSurface(
  expiries: readonly { readonly timeToExpiryYears: number; readonly theta: number }[],
  law: SsviPowerLaw,
): VolatilitySurface {
  const n = expiries.length;
  if (n === 0) throw new RangeError('an SSVI surface needs at least one slice');
  const T = Float64Array.from(expiries, (s) => s.timeToExpiryYears);
  const theta = Float64Array.from(expiries, (s) => s.theta);
  const lastSlope = n >= 2 ? (theta[n - 1]! - theta[n - 2]!) / (T[n - 1]! - T[n - 2]!) : theta[0]! / T[0]!;
  const { rho, eta, gamma } = law;
  const nodes = expiries.map((s) => ({ timeToExpiryYears: s.timeToExpiryYears, theta: s.theta, rho, psi: powerLawPsi(s.theta, eta, gamma) }));
  const curve: CurveAt = (t, out) => {
    let th: number;
    let slope: number;
    if (t < T[0]!) {
      slope = theta[0]! / T[0]!;
      th = slope * t;
    } else if (t >= T[n - 1]!) {
      slope = lastSlope;
      th = theta[n - 1]! + slope * (t - T[n - 1]!);
    } else {
      const i = segmentOf(T, t);
      slope = (theta[i + 1]! - theta[i]!) / (T[i + 1]! - T[i]!);
      th = theta[i]! + slope * (t - T[i]!);
    }
    const p = th > 0 ? powerLawPsi(th, eta, gamma) : 0;
    const dPsiDtheta = th > 0 ? ((1 - gamma) * p) / (th * (1 + th)) : 0;
    out[0] = th;
    out[1] = rho * p;
    out[2] = p;
    out[3] = slope;
    out[4] = rho * dPsiDtheta * slope;
    out[5] = dPsiDtheta * slope;
  };
  return surfaceFromCurve('ssvi', nodes, curve);
}

/** Index i with T[i] ≤ t < T[i+1], for T[0] ≤ t < T[n−1] (binary search). */
function segmentOf(T: Float64Array, t: number): number {
  let lo = 0;
  let hi = T.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (T[mid]! <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

function checkInputs(k: number, t: number, strictTime: boolean): void {
  if (!Number.isFinite(k)) throw new RangeError(`log-moneyness ${k} is not finite`);
  if (!Number.isFinite(t) || t < 0 || (strictTime && t === 0)) throw new RangeError(`time ${t} years is not ${strictTime ? 'positive' : 'non-negative'}`);
}

function surfaceFromCurve(model: 'ssvi' | 'essvi', nodes: readonly SurfaceNode[], curve: CurveAt): VolatilitySurface {
  const state = new Float64Array(6);
  const grad = new Float64Array(4);
  const strike = new Float64Array(3);
  const totalVariance = (k: number, t: number): number => {
    checkInputs(k, t, false);
    if (t === 0) return 0;
    curve(t, state);
    const th = state[0]!;
    const lin = th + state[1]! * k;
    const root = Math.sqrt(lin * lin + (state[2]! * state[2]! - state[1]! * state[1]!) * k * k);
    return 0.5 * (lin + root);
  };
  const timeDerivative = (k: number, t: number): number => {
    curve(t, state);
    sliceTotalVarianceGradient(k, state[0]!, state[1]!, state[2]!, grad);
    return grad[1]! * state[3]! + grad[2]! * state[4]! + grad[3]! * state[5]!;
  };
  return {
    model,
    nodes: Object.freeze(nodes.map((s) => Object.freeze({ ...s }))),
    totalVariance,
    impliedVol: (k, t) => {
      checkInputs(k, t, true);
      return Math.sqrt(totalVariance(k, t) / t);
    },
    totalVarianceTimeDerivative: (k, t) => {
      checkInputs(k, t, true);
      return timeDerivative(k, t);
    },
    localVol: (k, t) => {
      checkInputs(k, t, true);
      const dwdt = timeDerivative(k, t);
      sliceStrikeDerivatives(k, state[0]!, state[1]!, state[2]!, strike);
      const g = durrlemanFromDerivatives(k, strike[0]!, strike[1]!, strike[2]!);
      if (!(g > 0)) return Number.POSITIVE_INFINITY;
      return Math.sqrt(Math.max(dwdt, 0) / g);
    },
    sliceAt: (t) => {
      checkInputs(0, t, false);
      curve(t, state);
      const p = state[2]!;
      return { theta: state[0]!, rho: p > 0 ? state[1]! / p : 0, psi: p };
    },
  };
}
