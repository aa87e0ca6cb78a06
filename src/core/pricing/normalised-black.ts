/**
 * The normalised, undiscounted Black function and its pieces, accurate to a few ulp in every regime
 * the implied-volatility inverter visits (deep wings, tiny and huge total volatility).
 *
 * With x = ln(F/K), s = σ√T and the undiscounted price p, the normalised price is β = p/√(FK) and
 *   b(x, s) = e^{x/2}·Φ(x/s + s/2) − e^{−x/2}·Φ(x/s − s/2)          (call; puts by b_put(x) = b_call(−x))
 * so that p = √(FK)·b. Its s-derivative ("normalised vega") is b'(s) = e^{−(h²+t²)/2}/√(2π) with
 * h = x/s and t = s/2.
 *
 * Reference: P. Jäckel, "Let's Be Rational", Wilmott (January 2016) 40–53, the section on the
 * normalised Black function. For out-of-the-money calls (x ≤ 0) write b/b' = Y(h+t) − Y(h−t) with
 * Y(z) = Φ(z)/φ(z) = √(π/2)·erfcx(−z/√2), and evaluate it by region:
 *  - far wing, h < −10 and h + t < −9.79: the asymptotic series of Y (Abramowitz & Stegun 26.2.12),
 *    summed as a series in q = (h/r)², r = h² − t², with no cancellation between its terms (the
 *    coefficient recursion is derived in `asymptoticBlackOverVega` below);
 *  - small t < τ = 2·ε^{1/16} ≈ 0.21: the Taylor series of Y(h+t) − Y(h−t) in t to order t¹³, with
 *    Y^{(k)} from Y' = 1 + z·Y;
 *  - otherwise Cody's erfc/erfcx, combined so that the fewest exponentials are taken (as in the 2017
 *    revision of Jäckel's reference code).
 * Accuracy against mpmath at 110 digits (normalised-black.test.ts): relative error ≤ 1.6·ε·cond
 * measured, cond = 1 + |∂ln b/∂ln s| + |∂ln b/∂ln x| the condition number of b (so a few ulp where b
 * is well conditioned, e.g. ≤ 8ε for cond < 2); checked at 4ε·cond.
 */

import { erfc, erfcx, erfcxAboveThresholdUnchecked } from '../numerics/erf.ts';

const SQRT_HALF = 0.7071067811865476;
const SQRT_PI_OVER_TWO = 1.2533141373155003;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const HALF_LN_TWO_PI = 0.9189385332046728;
/** Cody's first break point: below it erfc is 1 − erf with no exponential. */
const CODY_THRESHOLD = 0.46875;
/** η: the asymptotic series is used for h < η (Jäckel 2015). */
const ASYMPTOTIC_THRESHOLD = -10;
/** τ = 2·ε^{1/16}: the t¹³ Taylor series is exact to ε below it (Jäckel 2015). */
export const SMALL_T_THRESHOLD = 2 * Math.pow(Number.EPSILON, 1 / 16);

/** Normalised intrinsic value of a call (isCall) or put: max(θ·(e^{x/2} − e^{−x/2}), 0) = 2·sinh(|x|/2). */
export function normalisedIntrinsic(x: number, isCall: boolean): number {
  const y = isCall ? x : -x;
  return y > 0 ? 2 * Math.sinh(0.5 * y) : 0;
}

/** ∂b/∂s = e^{−½((x/s)² + (s/2)²)}/√(2π); the same for calls and puts. */
export function normalisedVega(x: number, s: number): number {
  if (x === 0) return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.125 * s * s);
  if (!(s > 0)) return 0;
  const h = x / s;
  const t = 0.5 * s;
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t));
}

/** ln(∂b/∂s), finite where the vega itself underflows. */
export function lnNormalisedVega(x: number, s: number): number {
  if (x === 0) return -HALF_LN_TWO_PI - 0.125 * s * s;
  if (!(s > 0)) return -Number.MAX_VALUE;
  const h = x / s;
  const t = 0.5 * s;
  return -HALF_LN_TWO_PI - 0.5 * (h * h + t * t);
}

/**
 * Y(h+t) − Y(h−t) = b/b' for h < −10, h + t < −9.79 (so both arguments are below −9.79).
 * With A = h − t, B = h + t and r = AB, Y(z) ~ −Σₙ (−1)ⁿ(2n−1)!!·z^{−(2n+1)} gives
 *   Y(B) − Y(A) = Σₙ (−1)ⁿ(2n−1)!!·(A^{−m} − B^{−m}),  m = 2n+1,
 * and A^{−m} − B^{−m} = (B − A)·uₘ/rᵐ with uₘ = (Bᵐ − Aᵐ)/(B − A) = Σₖ BᵏA^{m−1−k} > 0: no
 * cancellation. Scaling ũₘ = uₘ/h^{m−1} gives ũ₁ = 1, ũ₂ = 2, ũₘ₊₁ = 2ũₘ − (1 − e)ũₘ₋₁ with e = (t/h)²,
 * and the sum becomes (2t/r)·Σₙ (−1)ⁿ(2n−1)!!·ũ₂ₙ₊₁·qⁿ with q = (h/r)² ≤ 1/96. Its terms fall by
 * about (2n+1)/(h+t)² each, so at most ~20 are needed for ε; the best truncation error is ~1e-21.
 */
function asymptoticBlackOverVega(h: number, t: number): number {
  const e = (t / h) * (t / h);
  const r = (h + t) * (h - t);
  const q = (h / r) * (h / r);
  const oneMinusE = 1 - e;
  let uPrevious = 1; // ũ₁
  let u = 2; // ũ₂
  let sum = 1;
  let factor = 1; // (−1)ⁿ(2n−1)!!·qⁿ
  for (let n = 1; n <= 40; n++) {
    const u3 = 2 * u - oneMinusE * uPrevious; // ũ₂ₙ₊₁
    const u4 = 2 * u3 - oneMinusE * u; // ũ₂ₙ₊₂
    uPrevious = u3;
    u = u4;
    factor *= -(2 * n - 1) * q;
    const term = factor * u3;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) break;
  }
  return ((2 * t) / r) * sum;
}

/**
 * Y(h+t) − Y(h−t) = b/b' for t < τ by its Taylor series 2·Σ_{k odd} Y^{(k)}(h)·t^k/k!, k ≤ 13. With
 * a = Y'(h) = 1 + h·Y(h) and Y^{(k+1)} = k·Y^{(k−1)} + h·Y^{(k)}, each odd derivative is a polynomial in
 * a and h² (as in Jäckel 2015; coefficients rederived for this file with that recursion).
 * All terms are positive for h ≤ 0 and the k-th term (in w = t²) is at most Cₖ·wᵏ times the first,
 * with C₂..C₇ = 0.0667, 9.52e-3, 1.06e-3, 9.62e-5, 7.40e-6, 4.93e-7 (maxima over h ≤ 0, at h = 0;
 * mpmath), so the series is cut where the next term is below 2^−56: after w² for w < 1.1e-5, after
 * w⁴ for w < 2.6e-3, else after w⁶ (at t = τ the omitted w⁷ term is 1.6e-16 relative, at h = 0).
 */
export function smallTBlackOverVega(h: number, t: number): number {
  series[SERIES_H] = h;
  series[SERIES_T] = t;
  smallTSeries();
  return series[SERIES_OUT]!;
}

/**
 * Scratch for smallTSeries. The series is too long for V8 to inline into its callers, and a double passed
 * to or returned from a function that is not inlined is boxed (a heap allocation per call, which showed
 * as ~5% garbage-collection time in the inverter's benchmark); through a Float64Array it stays unboxed.
 */
const series = new Float64Array(3);
const SERIES_H = 0;
const SERIES_T = 1;
const SERIES_OUT = 2;

/** smallTBlackOverVega on series[SERIES_H], series[SERIES_T], written to series[SERIES_OUT]. */
function smallTSeries(): void {
  const h = series[SERIES_H]!;
  const t = series[SERIES_T]!;
  const a = 1 + h * SQRT_PI_OVER_TWO * erfcx(-SQRT_HALF * h);
  const w = t * t;
  const h2 = h * h;
  const y3 = -1 + 3 * a + a * h2;
  const y5 = -7 + 15 * a + h2 * (-1 + 10 * a + a * h2);
  if (w < 1.1e-5) {
    series[SERIES_OUT] = 2 * t * (a + w * (y3 * INV_FACT_3 + w * (y5 * INV_FACT_5)));
    return;
  }
  const y7 = -57 + 105 * a + h2 * (-18 + 105 * a + h2 * (-1 + 21 * a + a * h2));
  const y9 = -561 + 945 * a + h2 * (-285 + 1260 * a + h2 * (-33 + 378 * a + h2 * (-1 + 36 * a + a * h2)));
  if (w < 2.6e-3) {
    series[SERIES_OUT] = 2 * t * (a + w * (y3 * INV_FACT_3 + w * (y5 * INV_FACT_5 + w * (y7 * INV_FACT_7 + w * (y9 * INV_FACT_9)))));
    return;
  }
  const y11 = -6555 + 10395 * a +
    h2 * (-4680 + 17325 * a + h2 * (-840 + 6930 * a + h2 * (-52 + 990 * a + h2 * (-1 + 55 * a + a * h2))));
  const y13 = -89055 + 135135 * a + h2 * (-82845 + 270270 * a + h2 * (-20370 + 135135 * a +
    h2 * (-1926 + 25740 * a + h2 * (-75 + 2145 * a + h2 * (-1 + 78 * a + a * h2)))));
  series[SERIES_OUT] = 2 * t * (a + w * (y3 * INV_FACT_3 + w * (y5 * INV_FACT_5 + w * (y7 * INV_FACT_7 + w * (y9 * INV_FACT_9 +
    w * (y11 * INV_FACT_11 + w * (y13 * INV_FACT_13)))))));
}

// 1/k! for the Taylor series (rounded; they scale correction terms only).
const INV_FACT_3 = 1 / 6;
const INV_FACT_5 = 1 / 120;
const INV_FACT_7 = 1 / 5040;
const INV_FACT_9 = 1 / 362880;
const INV_FACT_11 = 1 / 39916800;
const INV_FACT_13 = 1 / 6227020800;

function inAsymptoticRegion(x: number, s: number): boolean {
  // h < η and h + t < η + τ, written without dividing by s.
  return x < s * ASYMPTOTIC_THRESHOLD && 0.5 * s * s + x < s * (SMALL_T_THRESHOLD + ASYMPTOTIC_THRESHOLD);
}

/** Where `normalisedBlackAndVegaOtm` writes its two results (caller-owned, reused: no allocation). */
export interface BlackAndVega {
  b: number;
  vega: number;
}

/**
 * b(x, s) and b'(x, s) of an out-of-the-money call (x ≤ 0, s > 0) in one pass, sharing the exponential
 * e^{−(h²+t²)/2}; bMax must be e^{x/2} (the caller has it already). Relative accuracy of b: a few ulp
 * times its condition number (normalised-black.test.ts).
 */
export function normalisedBlackAndVegaOtm(x: number, s: number, bMax: number, out: BlackAndVega): void {
  const h = x / s;
  const t = 0.5 * s;
  const e = Math.exp(-0.5 * (h * h + t * t));
  const vega = ONE_OVER_SQRT_TWO_PI * e;
  out.vega = vega;
  if (inAsymptoticRegion(x, s)) {
    out.b = asymptoticBlackOverVega(h, t) * vega;
    return;
  }
  if (t < SMALL_T_THRESHOLD) {
    series[SERIES_H] = h;
    series[SERIES_T] = t;
    smallTSeries();
    out.b = series[SERIES_OUT]! * vega;
    return;
  }
  const q1 = -SQRT_HALF * (h + t);
  const q2 = SQRT_HALF * (t - h); // ≥ q1 since x ≤ 0
  let twoB: number;
  if (q1 >= CODY_THRESHOLD) {
    twoB = e * (erfcxAboveThresholdUnchecked(q1) - erfcxAboveThresholdUnchecked(q2));
  } else if (q2 >= CODY_THRESHOLD) {
    twoB = bMax * erfc(q1) - e * erfcxAboveThresholdUnchecked(q2);
  } else {
    twoB = bMax * erfc(q1) - erfc(q2) / bMax;
  }
  out.b = twoB > 0 ? 0.5 * twoB : 0;
}

const scratch: BlackAndVega = { b: 0, vega: 0 };

/**
 * b(x, s) for an out-of-the-money call, x ≤ 0, s ≥ 0 (equivalently an out-of-the-money put at −x).
 * Relative accuracy a few ulp times its condition number; 0 at s = 0.
 */
export function normalisedBlackOtm(x: number, s: number): number {
  if (!(s > 0)) return 0;
  normalisedBlackAndVegaOtm(x, s, Math.exp(0.5 * x), scratch);
  return scratch.b;
}

/**
 * b(x, s)/b'(x, s) for an out-of-the-money call (x ≤ 0, s > 0), computed without forming b or b'
 * where it can be, so that it stays finite and accurate when both underflow (prices of 1e-300 and
 * below). Used with lnNormalisedVega for ln b in the inverter's lowest branch.
 */
export function normalisedBlackOverVegaOtm(x: number, s: number): number {
  if (inAsymptoticRegion(x, s)) return asymptoticBlackOverVega(x / s, 0.5 * s);
  if (0.5 * s < SMALL_T_THRESHOLD) {
    series[SERIES_H] = x / s;
    series[SERIES_T] = 0.5 * s;
    smallTSeries();
    return series[SERIES_OUT]!;
  }
  const h = x / s;
  const t = 0.5 * s;
  const q1 = -SQRT_HALF * (h + t);
  if (q1 >= CODY_THRESHOLD) {
    const d = erfcx(q1) - erfcx(SQRT_HALF * (t - h));
    return d > 0 ? SQRT_PI_OVER_TWO * d : 0;
  }
  normalisedBlackAndVegaOtm(x, s, Math.exp(0.5 * x), scratch);
  return scratch.b / scratch.vega;
}

/**
 * b_max − b(x, s) = e^{x/2}·Φ(−h−t) + e^{−x/2}·Φ(h−t) for an out-of-the-money call (x ≤ 0), with
 * b_max = e^{x/2}: a sum of positive terms, so it keeps full relative precision as b → b_max (large
 * s), where forming b_max − b would cancel (as in the 2024 revision of Jäckel's reference code).
 */
export function complementaryNormalisedBlackOtm(x: number, s: number): number {
  if (!(s > 0)) return Math.exp(0.5 * x);
  const h = x / s;
  const t = 0.5 * s;
  if (t + h >= 0) return 0.5 * Math.exp(-0.5 * (h * h + t * t)) * (erfcx(SQRT_HALF * (t + h)) + erfcx(SQRT_HALF * (t - h)));
  return 0.5 * (Math.exp(0.5 * x) * erfc(SQRT_HALF * (t + h)) + Math.exp(-0.5 * x) * erfc(SQRT_HALF * (t - h)));
}

/** (b_max − b)/b' for x ≤ 0 and s ≥ √(2|x|) (so t + h ≥ 0): √(π/2)·[erfcx((t+h)/√2) + erfcx((t−h)/√2)]. */
export function complementaryBlackOverVegaUpper(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  return SQRT_PI_OVER_TWO * (erfcx(SQRT_HALF * (t + h)) + erfcx(SQRT_HALF * (t - h)));
}

/**
 * The normalised undiscounted Black price b(x, s) of a call (isCall) or put, any x, s ≥ 0. In the
 * money it is the intrinsic value plus the out-of-the-money price at −x (put–call symmetry), so the
 * time value keeps its relative accuracy.
 */
export function normalisedBlack(x: number, s: number, isCall: boolean): number {
  const y = isCall ? x : -x; // the call-equivalent log-moneyness
  if (y > 0) return normalisedIntrinsic(y, true) + normalisedBlackOtm(-y, s);
  return normalisedBlackOtm(y, s);
}
