/**
 * Black-76 implied volatility to full double precision: an inverter of the class of Jäckel's
 * "Let's Be Rational" (Wilmott, January 2016, 40–53; preprint 2013–2015), written from the paper, with
 * two ideas of his 2024 revision (fitted branch thresholds, a single step where the guess allows).
 *
 * Method:
 *  1. Normalise: x = ln(F/K) (through log1p near the money, so x keeps a relative ε), β = p/√(FK);
 *     subtract the intrinsic value in price units (exact for F, K within a factor 2) and use put–call
 *     symmetry so that only out-of-the-money calls remain: x ≤ 0, 0 < β < b_max = e^{x/2}.
 *  2. Initial guess: s_c = √(2|x|) is the inflection point of b(s), b_c = ½·b_max·(1 − erfcx(√|x|));
 *     its tangent meets 0 at s_l and b_max at s_u. The prices there, b_l and b_u, are read off
 *     Chebyshev fits in s_c (branch-thresholds.ts) instead of two Black evaluations. Four branches:
 *     rational cubic interpolation (Delbourgo–Gregory) of s(β) on [b_l, b_c] and on [b_c, b_u]; below b_l
 *     the price is first mapped by f_l(s) = (2π|x|/√27)·Φ(−|x|/(√3 s))³, above b_u by f_u(s) = Φ(−s/2),
 *     both nearly linear in β there, interpolated the same way and inverted in closed form (the inverse
 *     lower map is the paper's eq. 4.38).
 *  3. Householder iterations on the objective suited to the branch: 1/ln b(s) − 1/ln β below b_l and
 *     ln((b_max − β)/(b_max − b(s))) above b_u when β > b_max/2, Householder(3), two steps, as in the
 *     paper (Householder(4) in the extreme wings x < −190 and x < −580, as in the 2024 revision); in
 *     the two middle branches on b(s) − β with one Householder(5) step (order six), and a second only
 *     when the first moved s by more than 1e-3 relative. All step formulas were rederived for this file
 *     (sympy) rather than copied.
 *
 * Accuracy, where the problem is well posed: |σ̂/σ − 1| ≤ K·ε·(1 + κ) with κ = p/(σ·∂p/∂σ) the
 * condition number at the price p passed in (in the money p carries its intrinsic value). Against the
 * exact (mpmath) implied volatilities of given doubles — prices down to 1e-300, |x| up to 500,
 * s = σ√T from 1e-7 to 40, one-minute expiries — K ≤ 2.6 was measured (implied-vol.test.ts checks 4).
 * Round trips through the Black function are checked as K·ε·(1 + κ + κₓ), κₓ the conditioning in x.
 *
 * Outcomes: price = intrinsic → vol 0; price ≥ maximum (F for a call, K for a put), or so close to it
 * that no finite vol reproduces it in double precision → 'above_maximum'; price < intrinsic →
 * 'below_intrinsic'; non-finite or non-positive F, K or T, negative or non-finite price →
 * 'invalid_input'. Never NaN, never an exception. A normalised time value below the smallest double
 * (e.g. |x| > 1490, where b_max itself underflows) gives vol 0 or 'above_maximum'.
 */

import type { OptionType } from '../market/option-quote.ts';
import { erf, erfcx } from '../numerics/erf.ts';
import { normCdf, normInvFast } from '../numerics/normal.ts';
import {
  complementaryBlackOverVegaUpper,
  lnNormalisedVega,
  normalisedBlackAndVegaOtm,
  normalisedBlackOverVegaOtm,
  normalisedVega,
} from './normalised-black.ts';
import type { BlackAndVega } from './normalised-black.ts';
import { lowerThresholdOverMax, upperThresholdOverMax } from './branch-thresholds.ts';
import { convexControlLeft, convexControlRight, rationalCubicInterpolation } from './rational-cubic.ts';

export { normalisedBlack } from './normalised-black.ts';

export type IvFailure = 'below_intrinsic' | 'above_maximum' | 'invalid_input';
export type IvResult = { readonly ok: true; readonly vol: number } | { readonly ok: false; readonly reason: IvFailure };

/** Status codes for the batch entry. */
export const IvStatus = { ok: 0, belowIntrinsic: 1, aboveMaximum: 2, invalidInput: 3 } as const;

// Internal failure codes: the solver returns s ≥ 0 or one of these, so no result object is allocated.
const BELOW_INTRINSIC = -1;
const ABOVE_MAXIMUM = -2;
const INVALID_INPUT = -3;

const MAXIMUM_ITERATIONS = 2;
/**
 * The iterations stay inside their branch's bracket, widened by 1%: the thresholds b_l, b_u come from
 * fits (branch-thresholds.ts, relative error ≤ 1.2e-7), so a root can sit a hair outside [s_l, s_c] etc.
 */
const BRACKET_DOWN = 0.99;
const BRACKET_UP = 1.01;
const SQRT_THREE = 1.7320508075688772;
const TWO_PI = 6.283185307179586;
const PI_OVER_SIX = 0.5235987755982988;
const SQRT_ONE_THIRD = 0.5773502691896257;
const TWO_PI_OVER_SQRT_27 = 1.2091995761561452; // 2π/√27
const SQRT_THREE_OVER_CBRT_TWO_PI = 0.9386434874273836; // √3/∛(2π)
const SQRT_PI_OVER_TWO = 1.2533141373155003;
const SQRT_HALF = 0.7071067811865476;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const SQRT_DBL_MAX = Math.sqrt(Number.MAX_VALUE);
const DBL_MIN = 2.2250738585072014e-308;

/** Householder(3) step factor: Δs = ν·(1 + ν·h₂/2)/(1 + ν·(h₂ + ν·h₃/6)), ν = −g/g', hₖ = g⁽ᵏ⁾/g'. */
function householder3(nu: number, h2: number, h3: number): number {
  return (1 + 0.5 * h2 * nu) / (1 + nu * (h2 + (h3 * nu) / 6));
}

/** Householder(4) step factor (convergence order five). */
function householder4(nu: number, h2: number, h3: number, h4: number): number {
  return (1 + nu * (h2 + (nu * h3) / 6)) / (1 + nu * (1.5 * h2 + nu * (0.25 * h2 * h2 + h3 / 3 + (nu * h4) / 24)));
}

/**
 * 1 − erfcx(y) for y ≥ 0, without the cancellation of forming erfcx(y) ≈ 1 − 2y/√π first when y is
 * small: 1 − e^{y²}·erfc(y) = e^{y²}·erf(y) − (e^{y²} − 1), whose two terms differ by a factor
 * ≥ 1/(1 − y√π/2) > 1.7 for y ≤ 0.46875 (Cody's first interval, where erf has no cancellation either).
 */
function oneMinusErfcx(y: number): number {
  if (y > 0.46875) return 1 - erfcx(y);
  const e = Math.expm1(y * y);
  return (1 + e) * erf(y) - e;
}

function clamp(lo: number, hi: number, v: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Lowest branch, β < b_l: iterate on g(s) = 1/ln b(s) − 1/ln β, which is nearly linear in s there.
 * With λ = 1/ln b, B = b'/b and the Black ratios H₂ = b''/b', H₃ = b'''/b', H₄ = b''''/b':
 *   ν = (ln β − ln b)·ln b/ln β · b/b',  h₂ = H₂ − B(1 + 2λ),
 *   h₃ = H₃ + B²(2 + 6λ(1 + λ)) − 3·H₂·B(1 + 2λ),
 *   h₄ = H₄ − B·[B²(6 + λ(22 + λ(36 + 24λ))) − H₂B(12 + 36λ(1 + λ))] − 3·H₂²B(1 + 2λ) − 4·H₃B(1 + 2λ).
 * ln b is formed as ln(b/b') + ln b', so it stays finite when b itself underflows.
 */
function iterateLowest(lnBeta: number, x: number, s0: number, sRight: number): number {
  let s = s0;
  let ds = Infinity;
  for (let i = 0; i < MAXIMUM_ITERATIONS && Math.abs(ds) > Number.EPSILON * s; i++) {
    const bOverVega = normalisedBlackOverVegaOtm(x, s);
    if (!(bOverVega > 0)) break; // b(s) underflowed below every double: s cannot be refined further
    const lnB = Math.log(bOverVega) + lnNormalisedVega(x, s);
    const bpob = 1 / bOverVega;
    const h = x / s;
    const H2 = (h * h) / s - 0.25 * s;
    const c = 3 * (h / s) * (h / s);
    const H3 = H2 * H2 - c - 0.25;
    const lambda = 1 / lnB;
    const otLambda = 1 + 2 * lambda;
    const mu = 6 * lambda * (1 + lambda);
    const nu = ((lnBeta - lnB) * lnB * bOverVega) / lnBeta;
    const h2 = H2 - bpob * otLambda;
    const h3 = H3 + bpob * bpob * (2 + mu) - H2 * bpob * 3 * otLambda;
    if (x < -190) {
      const H4 = H2 * (H3 - 0.5) - (H2 - 2 / s) * 2 * c;
      const h4 = H4 - bpob * (bpob * bpob * (6 + lambda * (22 + lambda * (36 + lambda * 24))) - H2 * bpob * (12 + 6 * mu)) -
        H2 * bpob * H2 * 3 * otLambda - H3 * bpob * 4 * otLambda;
      ds = nu * householder4(nu, h2, h3, h4);
    } else {
      ds = nu * householder3(nu, h2, h3);
    }
    const next = clamp(DBL_MIN, sRight, s + ds);
    ds = next - s;
    s = next;
  }
  return s;
}

/**
 * Upper branch, β > max(b_u, b_max/2): iterate on g(s) = ln(b̄_β/b̄(s)) with b̄ = b_max − b formed
 * without cancellation. g' = b'/b̄, ν = ln(b̄/b̄_β)·b̄/b', h₂ = H₂ + g', h₃ = H₃ + g'(2g' + 3H₂),
 * h₄ = H₄ + g'(6g'(g' + 2H₂) + 3H₂² + 4H₃).
 */
function iterateUpper(beta: number, x: number, bMax: number, s0: number, sLeft: number): number {
  const betaBar = bMax - beta;
  let s = s0;
  let ds = Infinity;
  for (let i = 0; i < MAXIMUM_ITERATIONS && Math.abs(ds) > Number.EPSILON * s; i++) {
    const bBarOverVega = complementaryBlackOverVegaUpper(x, s);
    const gp = 1 / bBarOverVega;
    const lnBBar = Math.log(bBarOverVega) + lnNormalisedVega(x, s);
    const g = Math.log(betaBar) - lnBBar;
    const h = x / s;
    const H2 = (h * h) / s - 0.25 * s;
    const c = 3 * (h / s) * (h / s);
    const H3 = H2 * H2 - c - 0.25;
    const nu = -g / gp;
    const h2 = H2 + gp;
    const h3 = H3 + gp * (2 * gp + 3 * H2);
    if (x < -580) {
      const H4 = H2 * (H3 - 0.5) - (H2 - 2 / s) * 2 * c;
      ds = nu * householder4(nu, h2, h3, H4 + gp * (6 * gp * (gp + 2 * H2) + 3 * H2 * H2 + 4 * H3));
    } else {
      ds = nu * householder3(nu, h2, h3);
    }
    const next = clamp(sLeft, Number.MAX_VALUE, s + ds);
    ds = next - s;
    s = next;
  }
  return s;
}

/** Scratch for the fused Black/vega evaluation: reused, so the solver allocates nothing per option. */
const bv: BlackAndVega = { b: 0, vega: 0 };

/**
 * Householder(5) step factor (convergence order six): Δs = ν·(120 + 180h₂ν + (30h₂² + 40h₃)ν² + 5h₄ν³) /
 * (120 + 240h₂ν + (90h₂² + 60h₃)ν² + (20h₂h₃ + 10h₄)ν³ + h₅ν⁴), from d·(1/g)⁽ᵈ⁻¹⁾/(1/g)⁽ᵈ⁾ with d = 5.
 */
function householder5(nu: number, h2: number, h3: number, h4: number, h5: number): number {
  return (120 + nu * (180 * h2 + nu * (30 * h2 * h2 + 40 * h3 + nu * 5 * h4))) /
    (120 + nu * (240 * h2 + nu * (90 * h2 * h2 + 60 * h3 + nu * (20 * h2 * h3 + 10 * h4 + nu * h5))));
}

/**
 * A Householder(5) step whose |Δs|/s is below this leaves an error far below ε (the next step would be
 * about (|Δs|/s)⁶ times a moderate constant), so the second iteration is skipped. Calibrated on the
 * property-test domain and the benchmark's; Jäckel's 2024 revision likewise stops after one step.
 */
const MIDDLE_STEP_CONVERGED = 5e-4;

/**
 * Middle branches and the lower half of the upper one: iterate on g(s) = b(s) − β with Householder(5).
 * Here hₖ = b⁽ᵏ⁾/b' are polynomials in q = x²/s⁴ and s: H₂ = qs − s/4, H₃ = H₂² − 3q − ¼,
 * H₄ = H₂(H₃ − ½) − 6q(H₂ − 2/s), and H₅ = H₄' + H₂H₄ (each Hₖ₊₁ = Hₖ' + H₂Hₖ; checked with sympy).
 */
function iterateMiddle(beta: number, x: number, bMax: number, s0: number, sLeft: number, sRight: number): number {
  let s = s0;
  const x2 = x * x;
  for (let i = 0; i < MAXIMUM_ITERATIONS; i++) {
    normalisedBlackAndVegaOtm(x, s, bMax, bv);
    if (!(bv.vega > 0)) break;
    const nu = (beta - bv.b) / bv.vega;
    const r = 1 / s;
    const q = x2 * (r * r) * (r * r);
    const h2 = q * s - 0.25 * s;
    const dh2 = -3 * q - 0.25; // H₂'
    const h3 = h2 * h2 + dh2;
    const dh3 = 2 * h2 * dh2 + 12 * q * r; // H₃', using q' = −4q/s
    const h4 = h2 * (h3 - 0.5) - 6 * q * (h2 - 2 * r);
    const dh4 = dh2 * (h3 - 0.5) + h2 * dh3 + 24 * q * r * (h2 - 2 * r) - 6 * q * (dh2 + 2 * r * r);
    const h5 = dh4 + h2 * h4;
    const ds = nu * householder5(nu, h2, h3, h4, h5);
    const next = clamp(sLeft, sRight, s + ds);
    const step = Math.abs(next - s);
    s = next;
    if (step <= MIDDLE_STEP_CONVERGED * s) break;
  }
  return s;
}

/**
 * Normalised implied volatility s = σ√T of an out-of-the-money call: x ≤ 0 and 0 < β. Returns
 * ABOVE_MAXIMUM when β ≥ b_max = e^{x/2}.
 */
function impliedNormalisedVolatilityOtm(beta: number, lnBeta: number, x: number): number {
  const bMax = Math.exp(0.5 * x);
  if (!(beta < bMax)) return ABOVE_MAXIMUM;
  const ax = -x;
  const sC = Math.sqrt(2 * ax);
  // At s_c = √(2|x|): h = −t, so b_c = ½·b_max·(1 − erfcx(√|x|)) and b'(s_c) = b_max/√(2π). The closed
  // form cancels as |x| → 0, where the small-t series is used instead (t_c = √(|x|/2) < τ).
  const vC = ONE_OVER_SQRT_TWO_PI * bMax;
  const bC = 0.5 * bMax * oneMinusErfcx(Math.sqrt(ax));
  if (beta < bC) {
    const sL = sC - bC / vC;
    const bL = bMax * lowerThresholdOverMax(sC);
    if (beta < bL) {
      // f_l(s) = (2π|x|/√27)·Φ(−z)³ with z = |x|/(√3 s), and its first two β-derivatives at s_l
      // (rederived), with Φ(−z) = ½·erfcx(z/√2)·e^{−z²/2} so that Φ/φ = √(π/2)·erfcx(z/√2).
      const z = (SQRT_ONE_THIRD * ax) / sL;
      const y = z * z;
      const s2 = sL * sL;
      const millsRatio = SQRT_PI_OVER_TWO * erfcx(SQRT_HALF * z); // Φ(−z)/φ(z)
      const Phi = millsRatio * ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * y);
      const growth = Math.exp(y + 0.125 * s2);
      const fL = TWO_PI_OVER_SQRT_27 * ax * (Phi * Phi * Phi);
      const fpL = TWO_PI * y * Phi * Phi * growth;
      const fppL = ((PI_OVER_SIX * y) / (s2 * sL)) * Phi * (8 * SQRT_THREE * sL * ax + (3 * s2 * (s2 - 8) - 8 * x * x) * millsRatio) *
        (growth * growth);
      // Inverse map (Jäckel 2015, eq. 4.38): Φ(−z) = (f/(2π|x|/√27))^{1/3}.
      let p: number;
      if (beta >= DBL_MIN) {
        const r = convexControlRight(0, bL, 0, fL, 1, fpL, fppL, true);
        let f = rationalCubicInterpolation(beta, 0, bL, 0, fL, 1, fpL, r);
        if (!(f > 0)) {
          // Rounding in extreme wings: quadratic through f(0) = 0, f'(0) = 1 and f(b_l) instead.
          const t = beta / bL;
          f = (fL * t + bL * (1 - t)) * t;
        }
        p = SQRT_THREE_OVER_CBRT_TWO_PI * Math.cbrt(f / ax);
      } else {
        // β below the normal doubles: f(β) = β·(1 + O(β/b_l)), so take f = β, through its logarithm.
        p = SQRT_THREE_OVER_CBRT_TWO_PI * Math.exp((lnBeta - Math.log(ax)) / 3);
      }
      const s = ax / (SQRT_THREE * -normInvFast(p));
      return iterateLowest(beta >= DBL_MIN ? Math.log(beta) : lnBeta, x, s > 0 && s < sL ? s : 0.5 * sL, BRACKET_UP * sL);
    }
    const vL = normalisedVega(x, sL);
    const r = convexControlRight(bL, bC, sL, sC, 1 / vL, 1 / vC, 0, false);
    const s = rationalCubicInterpolation(beta, bL, bC, sL, sC, 1 / vL, 1 / vC, r);
    return iterateMiddle(beta, x, bMax, clamp(sL, sC, s), BRACKET_DOWN * sL, BRACKET_UP * sC);
  }
  const sU = vC > DBL_MIN ? sC + (bMax - bC) / vC : sC;
  const bU = bMax * upperThresholdOverMax(sC);
  if (beta <= bU) {
    const vU = normalisedVega(x, sU);
    const r = convexControlLeft(bC, bU, sC, sU, 1 / vC, 1 / vU, 0, false);
    const s = rationalCubicInterpolation(beta, bC, bU, sC, sU, 1 / vC, 1 / vU, r);
    return iterateMiddle(beta, x, bMax, clamp(sC, sU, s), BRACKET_DOWN * sC, BRACKET_UP * sU);
  }
  // f_u(s) = Φ(−s/2) with β-derivatives f' = −½·e^{h²/2}, f'' = √(π/2)·e^{h² + s²/8}·h²/s at s_u.
  const fU = normCdf(-0.5 * sU);
  const w = (x / sU) * (x / sU);
  const fpU = -0.5 * Math.exp(0.5 * w);
  const fppU = SQRT_PI_OVER_TWO * Math.exp(w + 0.125 * sU * sU) * (w / sU);
  let f = -1;
  if (fppU > -SQRT_DBL_MAX && fppU < SQRT_DBL_MAX) {
    const r = convexControlLeft(bU, bMax, fU, 0, fpU, -0.5, fppU, true);
    f = rationalCubicInterpolation(beta, bU, bMax, fU, 0, fpU, -0.5, r);
  }
  if (!(f > 0)) {
    // Quadratic through f(b_u), f(b_max) = 0 and f'(b_max) = −½ instead.
    const width = bMax - bU;
    const t = (beta - bU) / width;
    f = (fU * (1 - t) + 0.5 * width * t) * (1 - t);
  }
  let s = -2 * normInvFast(f);
  if (!(s > sU)) s = sU;
  if (beta > 0.5 * bMax) return iterateUpper(beta, x, bMax, s, BRACKET_DOWN * sU);
  return iterateMiddle(beta, x, bMax, s, BRACKET_DOWN * sU, Number.MAX_VALUE);
}

/**
 * The whole scalar algorithm, returning σ ≥ 0 or a negative failure code; shared by both entries
 * so that the batch equals the scalar bit for bit.
 */
function impliedVolatilityOrCode(price: number, forward: number, strike: number, timeYears: number, isCall: boolean): number {
  if (!(forward > 0 && forward < Infinity && strike > 0 && strike < Infinity && timeYears > 0 && timeYears < Infinity &&
    price >= 0 && price < Infinity)) {
    return INVALID_INPUT;
  }
  const intrinsic = isCall ? forward - strike : strike - forward;
  if (price < intrinsic) return BELOW_INTRINSIC;
  if (price >= (isCall ? forward : strike)) return ABOVE_MAXIMUM;
  // Out-of-the-money part in price units: exact when F and K are within a factor two (Sterbenz).
  const otmPrice = intrinsic > 0 ? price - intrinsic : price;
  if (otmPrice === 0) return 0;
  // x = ln(F/K) to a relative ε: near the money through log1p of the exact difference F − K, since
  // rounding F/K first would cost an absolute ε in x, i.e. a relative error ε/|x| (and in σ about ε/s).
  const ratio = forward / strike;
  const x = ratio >= 0.5 && ratio <= 2 ? Math.log1p((forward - strike) / strike)
    : ratio > 0 && ratio < Infinity ? Math.log(ratio) : Math.log(forward) - Math.log(strike);
  const product = forward * strike;
  const rootFK = product > DBL_MIN && product < Infinity ? Math.sqrt(product) : Math.sqrt(forward) * Math.sqrt(strike);
  const beta = otmPrice / rootFK;
  // When β is not a normal double (p = 1e-300 with √(FK) = 1e50, say) the lowest branch works from
  // ln β = ln p − ln √(FK) instead; NaN here means "take ln β".
  const lnBeta = beta >= DBL_MIN ? NaN : Math.log(otmPrice) - Math.log(rootFK);
  const s = impliedNormalisedVolatilityOtm(beta, lnBeta, -Math.abs(x));
  if (s < 0) return s;
  return s / Math.sqrt(timeYears);
}

/** Black-76 implied vol from an UNDISCOUNTED price in the forward's units. */
export function impliedVolatility(price: number, forward: number, strike: number, timeYears: number, type: OptionType): IvResult {
  const v = impliedVolatilityOrCode(price, forward, strike, timeYears, type === 'call');
  if (v >= 0) return { ok: true, vol: v };
  return { ok: false, reason: v === BELOW_INTRINSIC ? 'below_intrinsic' : v === ABOVE_MAXIMUM ? 'above_maximum' : 'invalid_input' };
}

/**
 * Whole-chain entry: no allocation per option. isCall[i] is 1 for call, 0 for put. Writes the vol
 * (0 where status ≠ ok) and the status (IvStatus) of each option; all arrays must have the length of
 * `price` (shorter inputs read as undefined → invalid_input).
 */
export function impliedVolatilityBatch(
  price: Float64Array, forward: Float64Array, strike: Float64Array, timeYears: Float64Array, isCall: Uint8Array,
  outVol: Float64Array, outStatus: Uint8Array,
): void {
  const n = price.length;
  for (let i = 0; i < n; i++) {
    const v = impliedVolatilityOrCode(price[i]!, forward[i] ?? NaN, strike[i] ?? NaN, timeYears[i] ?? NaN, isCall[i] === 1);
    if (v >= 0) {
      outVol[i] = v;
      outStatus[i] = IvStatus.ok;
    } else {
      outVol[i] = 0;
      outStatus[i] = v === BELOW_INTRINSIC ? IvStatus.belowIntrinsic : v === ABOVE_MAXIMUM ? IvStatus.aboveMaximum : IvStatus.invalidInput;
    }
  }
}
