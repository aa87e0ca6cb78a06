/**
 * Deterministic per-slice starting values (θ, ρ, ψ) for the surface calibrators, read off the quotes near
 * the money:
 * - θ: ATM total variance, the mid total variance interpolated linearly in k at k = 0 between the nearest
 *   quotes on either side (the nearest quote's when all lie on one side) — docs/conventions.md's ATM vol.
 * - ρ, ψ: from a least-squares quadratic w ≈ c0 + c1·k + c2·k² through the (up to) seven quotes nearest the
 *   money. An SSVI slice has w′(0) = ρψ and w″(0) = ψ²(1 − ρ²)/(2θ) (differentiate w = ½(θ + ρψk + R) at
 *   k = 0), so ψ² = c1² + 4θ·c2 and ρ = c1/ψ. With fewer than three distinct strikes, or a concave fit, the
 *   slice falls back to ψ = max(|c1|/0.9, √θ) (φ = 1/√θ, inside GJ's butterfly bounds for |ρ| ≤ 0.9 when
 *   c1 is small) and ρ = c1/ψ: only a start.
 * The calibrators then project these into their no-arbitrage domains (the specs' pack).
 */
import type { SmileSlice } from '../calibration/smile-slice.ts';

export interface SliceEstimate {
  readonly theta: Float64Array;
  readonly rho: Float64Array;
  readonly psi: Float64Array;
}

const NEAR_QUOTES = 7;
const RHO_START_BOUND = 0.9;

export function estimateSlices(slices: readonly SmileSlice[]): SliceEstimate {
  const n = slices.length;
  const out = { theta: new Float64Array(n), rho: new Float64Array(n), psi: new Float64Array(n) };
  slices.forEach((slice, i) => {
    const T = slice.timeToExpiryYears;
    const order = Array.from({ length: slice.count }, (_, q) => q).sort(
      (a, b) => Math.abs(slice.logMoneyness[a]!) - Math.abs(slice.logMoneyness[b]!),
    );
    const theta = atmTotalVariance(slice);
    const near = order.slice(0, NEAR_QUOTES);
    const fit = quadraticFit(
      near.map((q) => slice.logMoneyness[q]!),
      near.map((q) => slice.midVol[q]! * slice.midVol[q]! * T),
    );
    const c1 = fit?.c1 ?? 0;
    const c2 = fit?.c2 ?? 0;
    let psi = Math.sqrt(c1 * c1 + 4 * theta * Math.max(c2, 0));
    if (!(psi > 0) || fit === null) psi = Math.max(Math.abs(c1) / RHO_START_BOUND, Math.sqrt(theta));
    out.theta[i] = theta;
    out.psi[i] = psi;
    out.rho[i] = Math.min(Math.max(c1 / psi, -RHO_START_BOUND), RHO_START_BOUND);
  });
  return out;
}

/** Mid total variance at k = 0, linear in k between the nearest quotes on each side. */
function atmTotalVariance(slice: SmileSlice): number {
  const T = slice.timeToExpiryYears;
  let below = -1;
  let above = -1;
  for (let q = 0; q < slice.count; q++) {
    const k = slice.logMoneyness[q]!;
    if (k <= 0 && (below < 0 || k > slice.logMoneyness[below]!)) below = q;
    if (k >= 0 && (above < 0 || k < slice.logMoneyness[above]!)) above = q;
  }
  const w = (q: number): number => slice.midVol[q]! * slice.midVol[q]! * T;
  if (below < 0) return w(above);
  if (above < 0) return w(below);
  const kb = slice.logMoneyness[below]!;
  const ka = slice.logMoneyness[above]!;
  if (ka === kb) return w(below);
  return w(below) + ((0 - kb) / (ka - kb)) * (w(above) - w(below));
}

/** Least-squares c0 + c1·x + c2·x² (3×3 normal equations by Cramer's rule); null when degenerate. */
function quadraticFit(x: readonly number[], y: readonly number[]): { c0: number; c1: number; c2: number } | null {
  if (x.length < 3) return null;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
  x.forEach((xi, j) => {
    const yi = y[j]!;
    const x2 = xi * xi;
    s0 += 1;
    s1 += xi;
    s2 += x2;
    s3 += x2 * xi;
    s4 += x2 * x2;
    t0 += yi;
    t1 += xi * yi;
    t2 += x2 * yi;
  });
  const det = (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number): number =>
    a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const D = det(s0, s1, s2, s1, s2, s3, s2, s3, s4);
  const scale = s0 * s2 * s4;
  if (!(Math.abs(D) > 1e-12 * scale) || !Number.isFinite(D)) return null;
  return {
    c0: det(t0, s1, s2, t1, s2, s3, t2, s3, s4) / D,
    c1: det(s0, t0, s2, s1, t1, s3, s2, t2, s4) / D,
    c2: det(s0, s1, t0, s1, s2, t1, s2, s3, t2) / D,
  };
}
