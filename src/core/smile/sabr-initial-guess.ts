/**
 * A deterministic SABR start [α, ρ, ν] from one expiry's mid vols, by inverting Hagan's expansion of the
 * smile about the money.
 *
 * Reference: Hagan, Kumar, Lesniewski & Woodward, "Managing smile risk", Wilmott (2002), §3, the expansion of
 * eq. 2.17a in ln(K/f) (eq. 3.1a–b there): with the forward normalised to 1, b = 1 − β, λ = ν/α and T → 0,
 *   σ(k) = α·{1 − ½(b − ρλ)k + (1/12)[b² + (2 − 3ρ²)λ²]k² + …},
 * so σ(0) = α, σ′(0) = (ρν − bα)/2, σ″(0) = [b²α² + (2 − 3ρ²)ν²]/(6α) (re-derived in
 * scripts/sabr/derive-sabr-hagan.py; for β = 1 the slope is ρν/2). Hence
 *   ρν = 2σ′ + bα,   ν² = [6ασ″ − b²α² + 3(ρν)²]/2.
 * The T-correction of the ATM vol, eq. 2.18 (σ_ATM = α·P(0), P(0) = 1 + [b²α²/24 + ρβνα/4 + (2 − 3ρ²)ν²/24]T),
 * is divided out of α by a few fixed-point steps, and out of the slope too (three passes).
 *
 * Inputs from the quotes: the ATM vol interpolated linearly in total variance at k = 0 (docs/conventions.md),
 * and the slope and curvature of a cubic in k fitted by weighted least squares with Gaussian weights of
 * width h = max(σ_ATM√T, distance to the third-nearest quote). Accuracy: the relations drop O(T) terms in
 * the curvature and O(k⁴) terms in the fit, so the start is only a start: on generated smiles up to 3 weeks
 * within 1% in α, 0.05 in ρ, 15% in ν (sabr.test.ts); on the BTC sample chain within 2% / 0.04 / 15% of the
 * fitted values, where a 20-point grid of other starts found no better optimum. The optimiser does the rest. Clipped inside
 * ./sabr-bounds.ts; never NaN for any slice (an empty or degenerate one gives [0.5 or σ_ATM, 0, 0]).
 */

import type { SmileSlice } from '../calibration/smile-slice.ts';
import { SABR_ALPHA_MAX, SABR_ALPHA_MIN, sabrNuMax } from './sabr-bounds.ts';

/** |ρ| of the start stays inside ±0.9: the optimiser moves more freely away from the bound. */
const RHO_START_MAX = 0.9;
const FALLBACK_ALPHA = 0.5;
/** A vol of vol below this is noise from the fit of a flat smile. */
const NU_NEGLIGIBLE = 1e-8;

/** Hagan's ATM factor P(0) of eq. 2.18: σ_ATM = α·P(0) (forward-normalised α). */
function atmCorrection(alpha: number, rho: number, nu: number, beta: number, T: number): number {
  const b = 1 - beta;
  return 1 + T * ((b * b * alpha * alpha) / 24 + 0.25 * rho * beta * nu * alpha + ((2 - 3 * rho * rho) * nu * nu) / 24);
}

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Mid vol at k = 0, linear in total variance between the quotes either side (or the nearest quote). */
export function atmVolFromSlice(slice: SmileSlice): number {
  const k = slice.logMoneyness;
  const v = slice.midVol;
  let below = -1;
  let above = -1;
  for (let i = 0; i < slice.count; i++) {
    const ki = k[i]!;
    if (!(v[i]! > 0)) continue;
    if (ki <= 0 && (below < 0 || ki > k[below]!)) below = i;
    if (ki >= 0 && (above < 0 || ki < k[above]!)) above = i;
  }
  if (below < 0 && above < 0) return Number.NaN;
  if (below < 0) return v[above]!;
  if (above < 0 || k[above] === k[below]) return v[below]!;
  const kb = k[below]!;
  const ka = k[above]!;
  const vb = v[below]!;
  const va = v[above]!;
  const t = -kb / (ka - kb);
  return Math.sqrt(vb * vb + t * (va * va - vb * vb));
}

/**
 * Solves the n×n system a·c = r in place by Gaussian elimination with partial pivoting (a row-major);
 * false when a pivot falls below `tiny` (an underdetermined fit).
 */
function solveInPlace(a: Float64Array, r: Float64Array, n: number, tiny: number): boolean {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = row;
    if (!(Math.abs(a[pivot * n + col]!) > tiny)) return false;
    if (pivot !== col) {
      for (let j = 0; j < n; j++) {
        const tmp = a[col * n + j]!;
        a[col * n + j] = a[pivot * n + j]!;
        a[pivot * n + j] = tmp;
      }
      const tmp = r[col]!;
      r[col] = r[pivot]!;
      r[pivot] = tmp;
    }
    for (let row = col + 1; row < n; row++) {
      const f = a[row * n + col]! / a[col * n + col]!;
      for (let j = col; j < n; j++) a[row * n + j]! -= f * a[col * n + j]!;
      r[row]! -= f * r[col]!;
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let v = r[row]!;
    for (let j = row + 1; j < n; j++) v -= a[row * n + j]! * r[j]!;
    r[row] = v / a[row * n + row]!;
  }
  return true;
}

// Scratch of localSmileShape's normal equations (module-level: synchronous use only; typed arrays this size
// would each get an off-heap store per call).
const shapeNormal = new Float64Array(16);
const shapeRhs = new Float64Array(4);
const shapePowers = new Float64Array(7);

/** The number of distinct values in `values` (as a Set counts them), counting no further than `limit`. */
function distinctUpTo(values: Float64Array, limit: number): number {
  const seen: number[] = [];
  for (let i = 0; i < values.length && seen.length < limit; i++) {
    const v = values[i]!;
    if (!seen.some((s) => s === v || (s !== s && v !== v))) seen.push(v);
  }
  return seen.length;
}

/**
 * Slope and curvature [σ′(0), σ″(0)] of a Gaussian-weighted least-squares polynomial in k: a cubic when
 * there are ≥ 4 distinct points (so the cubic term of a steep skew does not leak into the slope), else a
 * quadratic, else a line; zeros when underdetermined.
 */
export function localSmileShape(slice: SmileSlice, atmVol: number): [number, number] {
  const n = slice.count;
  const k = slice.logMoneyness;
  const v = slice.midVol;
  // The third-smallest |k| (the smallest n − 1 … when there are fewer quotes), without sorting.
  let d0 = Infinity;
  let d1 = Infinity;
  let d2 = Infinity;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(k[i]!);
    if (d < d2) {
      d2 = d;
      if (d2 < d1) {
        d2 = d1;
        d1 = d;
        if (d1 < d0) {
          d1 = d0;
          d0 = d;
        }
      }
    }
  }
  const third = n === 0 ? 0 : n === 1 ? d0 : n === 2 ? d1 : d2;
  const h = Math.max(atmVol * Math.sqrt(slice.timeToExpiryYears), third, 1e-6);
  for (let degree = Math.min(3, distinctUpTo(k, 4) - 1); degree >= 1; degree--) {
    // Normal equations on u = k/h (for conditioning): Σ wᵢ uᵢ^(i+j) c_j = Σ wᵢ vᵢ uᵢ^i.
    const size = degree + 1;
    const a = shapeNormal.subarray(0, size * size).fill(0);
    const r = shapeRhs.subarray(0, size).fill(0);
    const powers = shapePowers.subarray(0, 2 * size - 1);
    for (let i = 0; i < n; i++) {
      const vi = v[i]!;
      if (!(vi > 0)) continue;
      const u = k[i]! / h;
      const w = Math.exp(-0.5 * u * u);
      powers[0] = w;
      for (let e = 1; e < powers.length; e++) powers[e] = powers[e - 1]! * u; // w·uᵉ
      for (let row = 0; row < size; row++) {
        r[row]! += powers[row]! * vi;
        for (let col = 0; col < size; col++) a[row * size + col]! += powers[row + col]!;
      }
    }
    if (!solveInPlace(a, r, size, 1e-10 * Math.max(a[0]!, 1e-300))) continue;
    return [r[1]! / h, degree >= 2 ? (2 * r[2]!) / (h * h) : 0];
  }
  return [0, 0];
}

/** The start [α, ρ, ν] for SABR with fixed β (see the module comment). Deterministic; inside the bounds. */
export function sabrInitialGuess(slice: SmileSlice, beta: number): Float64Array {
  const T = slice.timeToExpiryYears > 0 ? slice.timeToExpiryYears : 0;
  const atm = atmVolFromSlice(slice);
  if (!(atm > 0 && atm < Infinity)) return Float64Array.of(FALLBACK_ALPHA, 0, 0);
  const [slope, curvature] = localSmileShape(slice, atm);
  const b = 1 - beta;
  const nuMax = sabrNuMax(T);
  let alpha = clip(atm, SABR_ALPHA_MIN, SABR_ALPHA_MAX);
  let rho = 0;
  let nu = 0;
  for (let pass = 0; pass < 3; pass++) {
    // With the T-correction P (eq. 2.18) kept at the money: σ′(0) = α·P′(0) + P(0)·(ρν − bα)/2, where
    // P′(0) = −T·[b³α²/24 + bρβνα/8] is small and taken from the previous pass.
    const p0 = atmCorrection(alpha, rho, nu, beta, T);
    const p1 = -T * ((b * b * b * alpha * alpha) / 24 + (b * rho * beta * nu * alpha) / 8);
    const rhoNu = (p0 > 0.25 ? (2 * (slope - alpha * p1)) / p0 : 2 * slope) + b * alpha;
    const nu2 = (6 * alpha * curvature - b * b * alpha * alpha + 3 * rhoNu * rhoNu) / 2;
    // A smile too flat for its skew (ν² < (ρν)²) would need |ρ| > 1: keep the skew with |ρ| = RHO_START_MAX.
    nu = clip(Math.max(Math.sqrt(Math.max(nu2, 0)), Math.abs(rhoNu) / RHO_START_MAX), 0, nuMax);
    if (nu < NU_NEGLIGIBLE) nu = 0; // a flat smile: ρ is then undetermined, and 0 is the neutral start
    rho = nu > 0 ? clip(rhoNu / nu, -RHO_START_MAX, RHO_START_MAX) : 0;
    // α ← σ_ATM/P(α): a few fixed-point steps, skipped where P is not safely > 0.
    for (let step = 0; step < 4; step++) {
      const p = atmCorrection(alpha, rho, nu, beta, T);
      if (!(p > 0.25)) break;
      alpha = clip(atm / p, SABR_ALPHA_MIN, SABR_ALPHA_MAX);
    }
  }
  return Float64Array.of(alpha, rho, nu);
}
