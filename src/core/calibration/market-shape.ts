/**
 * The shape of a market's smiles in a few numbers per expiry — ATM vol, ATM skew and ATM curvature of the
 * implied vol in log-moneyness — read off the quotes by a weighted quadratic fit around the money. The
 * stochastic models' deterministic starts (model-specs/) turn these into parameters through short-expiry
 * asymptotics, so no hand-tuned guess is needed.
 *
 * The fit: σ_mid(k) ≈ σ₀ + s·k + ½c·k² by least squares over the quotes with |k| ≤ ATM_WINDOW_STDEVS·σ̂√T
 * (σ̂ the slice's median mid vol), each weighted by 1/spread (the calibration's own weighting, with the same
 * quarter-vol-point floor) and by a triangular kernel in k/window. A slice with fewer than three quotes in
 * the window, or a singular system, falls back to σ₀ = the median mid vol, s = c = 0.
 *
 * Units: vols annualised decimals; s = ∂σ/∂k and c = ∂²σ/∂k² at k = 0 per unit log-moneyness.
 */
import type { SmileSlice } from './smile-slice.ts';

export interface ExpiryShape {
  readonly timeToExpiryYears: number;
  readonly atmVol: number;
  readonly atmSkew: number;
  readonly atmCurvature: number;
}

/** One entry per slice, in the slices' order (time order for a chain). */
export type MarketShape = readonly ExpiryShape[];

/** Half-width of the ATM window in standard deviations σ̂√T. */
const ATM_WINDOW_STDEVS = 1.5;
const SPREAD_FLOOR_VOL = 0.0025;

export function marketShape(slices: readonly SmileSlice[]): MarketShape {
  return slices.map(expiryShape);
}

export function expiryShape(slice: SmileSlice): ExpiryShape {
  const T = slice.timeToExpiryYears;
  const vols: number[] = [];
  for (let i = 0; i < slice.count; i++) if (slice.midVol[i]! > 0) vols.push(slice.midVol[i]!);
  vols.sort((a, b) => a - b);
  const median = vols.length > 0 ? vols[vols.length >> 1]! : 0.5;
  const fallback: ExpiryShape = { timeToExpiryYears: T, atmVol: median, atmSkew: 0, atmCurvature: 0 };
  const window = ATM_WINDOW_STDEVS * median * Math.sqrt(T);
  // Normal equations of the weighted quadratic in u = k/window (scaled for conditioning).
  const m = new Float64Array(9);
  const rhs = new Float64Array(3);
  let used = 0;
  for (let i = 0; i < slice.count; i++) {
    const u = slice.logMoneyness[i]! / window;
    const vol = slice.midVol[i]!;
    if (!(Math.abs(u) < 1) || !(vol > 0)) continue;
    const bid = slice.bidVol[i]!;
    const ask = slice.askVol[i]!;
    const spread = bid > 0 && Number.isFinite(ask) ? Math.max(ask - bid, SPREAD_FLOOR_VOL) : 0.05;
    const weight = (1 - Math.abs(u)) / spread;
    const basis = [1, u, u * u];
    for (let a = 0; a < 3; a++) {
      rhs[a] = rhs[a]! + weight * basis[a]! * vol;
      for (let b = 0; b < 3; b++) m[a * 3 + b] = m[a * 3 + b]! + weight * basis[a]! * basis[b]!;
    }
    used++;
  }
  if (used < 3) return fallback;
  const solution = solve3(m, rhs);
  if (solution === null) return fallback;
  const [c0, c1, c2] = solution;
  if (!(c0 > 0)) return fallback;
  return { timeToExpiryYears: T, atmVol: c0, atmSkew: c1 / window, atmCurvature: (2 * c2) / (window * window) };
}

/** Solves the 3×3 system by Cramer's rule; null when it is (nearly) singular. */
function solve3(m: Float64Array, r: Float64Array): [number, number, number] | null {
  const det = (a: number[]): number =>
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) - a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) + a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const base = Array.from(m);
  const d = det(base);
  const scale = Math.abs(base[0]! * base[4]! * base[8]!);
  if (!(Math.abs(d) > 1e-12 * scale)) return null;
  const column = (j: number): number => {
    const a = base.slice();
    for (let i = 0; i < 3; i++) a[i * 3 + j] = r[i]!;
    return det(a) / d;
  };
  return [column(0), column(1), column(2)];
}
