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
 *     its tangent meets 0 at s_l and b_max at s_u. The prices there, b_l and b_u, and the vegas there
 *     (the interpolation slopes) are read off rational fits in s_c (branch-thresholds.ts) instead of two
 *     Black evaluations and an exponential. Four branches:
 *     rational cubic interpolation (Delbourgo–Gregory) of s(β) on [b_l, b_c] and on [b_c, b_u]; below b_l
 *     the price is first mapped by f_l(s) = (2π|x|/√27)·Φ(−|x|/(√3 s))³, above b_u by f_u(s) = Φ(−s/2),
 *     both nearly linear in β there, interpolated the same way and inverted in closed form (the inverse
 *     lower map is the paper's eq. 4.38). For s_c ≤ 2.44 (|x| ≤ 2.99) the lower map's value and β-derivatives
 *     at s_l are read off fits in s_c too, and the resulting lowest-branch guess s₀, off by up to 9%, is
 *     multiplied by 1 + d(s_c, s₀/s_l), a fitted correction that leaves it within 1.4e-4 (all fits made by
 *     scripts/fixtures/generate-branch-thresholds.py; an approach of this file, not the paper's).
 *  3. Householder iterations on the objective suited to the branch: 1/ln b(s) − 1/ln β below b_l and
 *     ln((b_max − β)/(b_max − b(s))) above b_u when β > b_max/2, Householder(3), two steps, as in the
 *     paper (Householder(4) in the extreme wings x < −190 and x < −580, as in the 2024 revision), except
 *     that below b_l with the corrected guess one Householder(4) step is taken and a second only when the
 *     first moved s by more than 1e-3 relative; in the two middle branches on b(s) − β with one
 *     Householder(5) step (order six), and a second only when the first moved s by more than 2e-3
 *     relative. All step formulas were rederived for this file
 *     (sympy) rather than copied.
 *
 * Accuracy, where the problem is well posed: |σ̂/σ − 1| ≤ K·ε·(1 + κ) with κ = p/(σ·∂p/∂σ) the
 * condition number at the price p passed in (in the money p carries its intrinsic value). Against the
 * exact (mpmath) implied volatilities of given doubles — prices down to 1e-300, |x| up to 500,
 * s = σ√T from 1e-7 to 40, one-minute expiries — K ≤ 2.6 was measured (implied-vol.test.ts checks 4).
 * Round trips through the Black function are checked as K·ε·(1 + κ + κₓ), κₓ the conditioning in x.
 *
 * Implementation: the internal functions pass doubles through a module-level Float64Array (V8 boxes
 * doubles passed to or returned from functions it does not inline), so the hot path allocates nothing;
 * the guess is split into several such functions so that each stays within V8's inlining budget for
 * the helpers it calls (rational-cubic.ts, erf.ts), which would otherwise be called with boxed doubles.
 *
 * Outcomes: price = intrinsic → vol 0; price ≥ maximum (F for a call, K for a put), or so close to it
 * that no finite vol reproduces it in double precision → 'above_maximum'; price < intrinsic →
 * 'below_intrinsic'; non-finite or non-positive F, K or T, negative or non-finite price →
 * 'invalid_input'. Never NaN, never an exception. A normalised time value below the smallest double
 * (e.g. |x| > 1490, where b_max itself underflows) gives vol 0 or 'above_maximum'.
 */

import type { OptionType } from '../market/option-quote.ts';
import { erfcx, erfcxAboveThresholdUnchecked, erfSmallUnchecked } from '../numerics/erf.ts';
import { normCdf, normInvFast, normInvFastTailFromMinusLog } from '../numerics/normal.ts';
import {
  complementaryBlackOverVegaUpper,
  lnNormalisedVega,
  normalisedBlackAndVegaOtm,
  normalisedBlackOverVegaOtm,
} from './normalised-black.ts';
import type { BlackAndVega } from './normalised-black.ts';
import {
  LOWEST_CORRECTION_SC_MAX,
  lowerMapCurvatureTimesThreshold,
  lowerMapOverThreshold,
  lowerMapSlope,
  lowerThresholdOverMax,
  lowerVegaOverMax,
  lowestCorrectionIo,
  lowestGuessCorrection,
  upperThresholdOverMax,
  upperVegaOverMax,
} from './branch-thresholds.ts';
import { convexControlLeft, convexControlRight, rationalCubicInterpolation } from './rational-cubic.ts';

export { normalisedBlack } from './normalised-black.ts';

export type IvFailure = 'below_intrinsic' | 'above_maximum' | 'invalid_input';
export type IvResult = { readonly ok: true; readonly vol: number } | { readonly ok: false; readonly reason: IvFailure };

/** Status codes for the batch entry. */
export const IvStatus = { ok: 0, belowIntrinsic: 1, aboveMaximum: 2, invalidInput: 3 } as const;

// The solver's internal status for β ≥ b_max (0 meaning solved).
const ABOVE_MAXIMUM = -2;

const MAXIMUM_ITERATIONS = 2;
/**
 * The iterations stay inside their branch's bracket, widened by 1%: the thresholds b_l, b_u come from
 * fits (branch-thresholds.ts, relative error ≤ 2e-10), so a root can sit a hair outside [s_l, s_c] etc.
 */
const BRACKET_DOWN = 0.99;
const BRACKET_UP = 1.01;
const SQRT_THREE = 1.7320508075688772;
const TWO_PI = 6.283185307179586;
const PI_OVER_SIX = 0.5235987755982988;
const SQRT_ONE_THIRD = 0.5773502691896257;
const TWO_PI_OVER_SQRT_27 = 1.2091995761561452; // 2π/√27
const SQRT_THREE_OVER_CBRT_TWO_PI = 0.9386434874273836; // √3/∛(2π)
const SQRT_27_OVER_TWO_PI = 0.8269933431326881; // √27/(2π), its cube
/** p³ below which p = Φ(−z) < 0.075, PPND16's tail: 0.075³. */
const PPND16_TAIL_CUBE = 0.000421875;
const SQRT_PI_OVER_TWO = 1.2533141373155003;
const SQRT_HALF = 0.7071067811865476;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const SQRT_DBL_MAX = Math.sqrt(Number.MAX_VALUE);
const DBL_MIN = 2.2250738585072014e-308;

/**
 * Scratch through which the solver's internal functions take their inputs and return their result.
 * V8 boxes every double passed to or returned from a function it does not inline (a heap allocation
 * each); numbers stored in a Float64Array stay unboxed, so the hot path allocates nothing per option.
 * The solver is not reentrant (it calls nothing that could call back into it), so one buffer suffices.
 */
const io = new Float64Array(23);
const IO_BETA = 0; // β
const IO_LN_BETA = 1; // ln β where β is below the normal doubles, else NaN
const IO_X = 2; // x ≤ 0
const IO_S = 3; // the result s; on entry to an iteration, its initial guess
const IO_B_MAX = 4; // b_max = e^{x/2}
const IO_LEFT = 5; // the iteration's bracket
const IO_RIGHT = 6;
const IO_PRICE = 7; // the public entries' inputs
const IO_FORWARD = 8;
const IO_STRIKE = 9;
const IO_TIME = 10;
const IO_VOL = 11; // and their result
const IO_S_C = 12; // s_c = √(2|x|)
const IO_B_C = 13; // b_c = b(x, s_c)
const IO_V_C = 14; // b'(x, s_c)
const IO_NODE_B = 15; // a middle branch's outer node: b_l or b_u
const IO_NODE_S = 16; // s_l or s_u
const IO_NODE_D = 17; // and 1/b' there
const IO_D_C = 18; // 1/b'(x, s_c)
const IO_F_L = 19; // the lower map f_l at s_l and its first two β-derivatives
const IO_FP_L = 20;
const IO_FPP_L = 21;
const IO_LOWEST_STOP = 22; // iterateLowest stops after a step with |Δs| ≤ this·s (ε unless the guess was corrected)

/** Householder(3) step factor: Δs = ν·(1 + ν·h₂/2)/(1 + ν·(h₂ + ν·h₃/6)), ν = −g/g', hₖ = g⁽ᵏ⁾/g'. */
function householder3(nu: number, h2: number, h3: number): number {
  return (1 + 0.5 * h2 * nu) / (1 + nu * (h2 + (h3 * nu) / 6));
}

/** Householder(4) step factor (convergence order five). */
function householder4(nu: number, h2: number, h3: number, h4: number): number {
  return (1 + nu * (h2 + (nu * h3) / 6)) / (1 + nu * (1.5 * h2 + nu * (0.25 * h2 * h2 + h3 / 3 + (nu * h4) / 24)));
}

/**
 * b_c/b_max = ½·(1 − erfcx(y)) at y = √|x|, given b_max = e^{x/2} = e^{−y²/2}. For y > 0.46875 directly.
 * Below, 1 − erfcx(y) = e^{y²}·erf(y) − (e^{y²} − 1) would cancel if formed as written, and its
 * e^{y²} − 1 costs an expm1; with e^{y²} = 1/b_max² instead:
 *   b_c = ½·(erf(y)/b_max − 2·sinh(|x|/2)),
 * whose two terms differ by a factor ≥ 1/(1 − y√π/2) > 1.7 for y ≤ 0.46875, and 2·sinh(a/2) for
 * a = |x| ≤ 0.2198 is its odd Taylor series a + a³/24 + a⁵/1920 + a⁷/322560 + a⁹/92897280 + a¹¹/40874803200
 * (the next term is below 1.2e-22 relative). So b_c keeps a relative error of a few ulp, at the cost of
 * one rational erf and a division. Inputs x, b_max from io, result to io[IO_B_C] (no boxed doubles).
 */
function centralBlack(): void {
  const ax = -io[IO_X]!;
  const bMax = io[IO_B_MAX]!;
  const y = Math.sqrt(ax);
  if (y > 0.46875) {
    io[IO_B_C] = 0.5 * bMax * (1 - erfcxAboveThresholdUnchecked(y));
    return;
  }
  const a2 = ax * ax;
  const twoSinh = ax * (1 + a2 * (1 / 24 + a2 * (1 / 1920 + a2 * (1 / 322560 + a2 * (1 / 92897280 + a2 * (1 / 40874803200))))));
  io[IO_B_C] = 0.5 * (erfSmallUnchecked(y) / bMax - twoSinh);
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
function iterateLowest(): void {
  const lnBeta = io[IO_LN_BETA]!;
  const x = io[IO_X]!;
  const sRight = io[IO_RIGHT]!;
  const stop = io[IO_LOWEST_STOP]!;
  let s = io[IO_S]!;
  let ds = Infinity;
  for (let i = 0; i < MAXIMUM_ITERATIONS && Math.abs(ds) > stop * s; i++) {
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
    if (x < -190 || stop > Number.EPSILON) {
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
  io[IO_S] = s;
}

/**
 * Upper branch, β > max(b_u, b_max/2): iterate on g(s) = ln(b̄_β/b̄(s)) with b̄ = b_max − b formed
 * without cancellation. g' = b'/b̄, ν = ln(b̄/b̄_β)·b̄/b', h₂ = H₂ + g', h₃ = H₃ + g'(2g' + 3H₂),
 * h₄ = H₄ + g'(6g'(g' + 2H₂) + 3H₂² + 4H₃).
 */
function iterateUpper(): void {
  const x = io[IO_X]!;
  const sLeft = io[IO_LEFT]!;
  const betaBar = io[IO_B_MAX]! - io[IO_BETA]!;
  let s = io[IO_S]!;
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
  io[IO_S] = s;
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
 * property-test domain and the benchmark's: at 2e-3 the worst property-test error is unchanged from
 * always taking two steps (2.25·ε(1 + κ + κₓ)), while at 1e-2 it grows to 3.5; on the benchmark about
 * 6% of middle-branch options then take a second step. Jäckel's 2024 revision likewise stops after one.
 */
const MIDDLE_STEP_CONVERGED = 2e-3;

/**
 * The lowest branch's counterpart for its Householder(4) step on 1/ln b(s) − 1/ln β: measured there
 * (s_c ≤ 2.44, h = x/s from −0.9 to −23), a guess off by δ relative is left off by about 0.07·δ⁵ after one
 * step (δ = 1e-2 → 6.5e-12, 3e-3 → 1.6e-14, 1e-3 → rounding level), so a first step of at most 1e-3·s ends
 * the iteration; the corrected guess is within 1.4e-4, so one step is the rule. The result is then within
 * an ulp or two of s (2.0·ε(1 + κ + κₓ) worst in the tests, against 1.0 after a second step).
 */
const LOWEST_STEP_CONVERGED = 1e-3;

/**
 * Middle branches and the lower half of the upper one: iterate on g(s) = b(s) − β with Householder(5).
 * Here hₖ = b⁽ᵏ⁾/b' are polynomials in q = x²/s⁴ and s: H₂ = qs − s/4, H₃ = H₂² − 3q − ¼,
 * H₄ = H₂(H₃ − ½) − 6q(H₂ − 2/s), and H₅ = H₄' + H₂H₄ (each Hₖ₊₁ = Hₖ' + H₂Hₖ; checked with sympy).
 */
function iterateMiddle(): void {
  const beta = io[IO_BETA]!;
  const x = io[IO_X]!;
  const bMax = io[IO_B_MAX]!;
  const sLeft = io[IO_LEFT]!;
  const sRight = io[IO_RIGHT]!;
  let s = io[IO_S]!;
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
    // NaN when x = 0 and 1/s⁴ overflows (s < 1e-77, q = 0·∞): there b(s) = s/√(2π) to rounding and the
    // guess is exact already. Before the switch to status codes this NaN surfaced as 'invalid_input'.
    if (!(ds === ds)) break;
    const next = clamp(sLeft, sRight, s + ds);
    const step = Math.abs(next - s);
    s = next;
    if (step <= MIDDLE_STEP_CONVERGED * s) break;
  }
  io[IO_S] = s;
}

/**
 * The lower map f_l(s) = (2π|x|/√27)·Φ(−z)³, z = |x|/(√3 s), and its first two β-derivatives at s_l
 * (rederived), with Φ(−z) = ½·erfcx(z/√2)·e^{−z²/2} so that Φ/φ = √(π/2)·erfcx(z/√2); from io[IO_X] and
 * s_l in io[IO_RIGHT], written to io[IO_F_L..IO_FPP_L]. Its own function so that erfcx and the fits are
 * inlined here (lowestGuess has spent its inlining budget, and a call would box the doubles); the two
 * cases share one function because, as separate ones, the fits' would be small enough to be inlined into
 * lowestGuess and crowd out the rational cubic there.
 */
function lowerMapAtNode(): void {
  const sC = io[IO_S_C]!;
  if (sC <= LOWEST_CORRECTION_SC_MAX) {
    // f_l/b_l, f_l' and f_l''·b_l at s_l are functions of s_c alone: read off the fits of
    // branch-thresholds.ts (relative errors ≤ 1.6e-8, far below what the guess needs), with no erfcx and
    // no exponential. b_l in io[IO_LEFT].
    const z = sC / (sC + 2);
    const bL = io[IO_LEFT]!;
    io[IO_F_L] = bL * lowerMapOverThreshold(z);
    io[IO_FP_L] = lowerMapSlope(z);
    io[IO_FPP_L] = lowerMapCurvatureTimesThreshold(z) / bL;
    return;
  }
  const x = io[IO_X]!;
  const sL = io[IO_RIGHT]!;
  const ax = -x;
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
  io[IO_F_L] = fL;
  io[IO_FP_L] = fpL;
  io[IO_FPP_L] = fppL;
}

/**
 * Initial guess in the lowest branch, β < b_l (inputs in io: β, ln β, x; b_l in io[IO_LEFT] and s_l in
 * io[IO_RIGHT], which it overwrites with the bracket), written to io[IO_S]. A function of its own so that
 * V8 compiles it separately and the common middle branches keep their inlining budget.
 */
function lowestGuess(): void {
  const bL = io[IO_LEFT]!;
  const sL = io[IO_RIGHT]!;
  const beta = io[IO_BETA]!;
  const x = io[IO_X]!;
  const ax = -x;
  lowerMapAtNode();
  const fL = io[IO_F_L]!;
  const fpL = io[IO_FP_L]!;
  const fppL = io[IO_FPP_L]!;
  // Inverse map (Jäckel 2015, eq. 4.38): Φ(−z) = (f/(2π|x|/√27))^{1/3}. In PPND16's tail (Φ(−z) < 0.075)
  // it wants −ln Φ(−z) = −ln(p³)/3, which saves the cube root.
  let s: number;
  if (beta >= DBL_MIN) {
    const r = convexControlRight(0, bL, 0, fL, 1, fpL, fppL, true);
    let f = rationalCubicInterpolation(beta, 0, bL, 0, fL, 1, fpL, r);
    if (!(f > 0)) {
      // Rounding in extreme wings: quadratic through f(0) = 0, f'(0) = 1 and f(b_l) instead.
      const t = beta / bL;
      f = (fL * t + bL * (1 - t)) * t;
    }
    const pCubed = SQRT_27_OVER_TWO_PI * (f / ax);
    s = ax / (SQRT_THREE * -(pCubed < PPND16_TAIL_CUBE ? normInvFastTailFromMinusLog(-Math.log(pCubed) / 3)
      : normInvFast(SQRT_THREE_OVER_CBRT_TWO_PI * Math.cbrt(f / ax))));
    io[IO_LN_BETA] = Math.log(beta);
  } else {
    // β below the normal doubles: f(β) = β·(1 + O(β/b_l)), so take f = β, through its logarithm.
    s = ax / (SQRT_THREE * -normInvFast(SQRT_THREE_OVER_CBRT_TWO_PI * Math.exp((io[IO_LN_BETA]! - Math.log(ax)) / 3)));
  }
  io[IO_S] = s > 0 && s < sL ? s : 0.5 * sL;
  io[IO_RIGHT] = BRACKET_UP * sL;
  io[IO_LOWEST_STOP] = Number.EPSILON;
  if (io[IO_S_C]! <= LOWEST_CORRECTION_SC_MAX) {
    io[IO_NODE_S] = sL;
    correctLowestGuess();
  }
}

/**
 * Applies the fitted correction of branch-thresholds.ts to the lowest-branch guess in io[IO_S] (s_l in
 * io[IO_NODE_S]; s_c ≤ 2.44, where its error falls from up to 9% to 1.4e-4) and lets iterateLowest stop after
 * one Householder(4) step when that step is below LOWEST_STEP_CONVERGED. The fit is fed through its Float64Array (it is too long to
 * be inlined, so plain arguments would be boxed).
 */
function correctLowestGuess(): void {
  const sC = io[IO_S_C]!;
  const s = io[IO_S]!;
  const v = s / io[IO_NODE_S]!;
  if (!(v < 1)) return;
  lowestCorrectionIo[0] = sC / (sC + 2);
  lowestCorrectionIo[1] = v;
  lowestGuessCorrection();
  io[IO_S] = s * (1 + lowestCorrectionIo[2]!);
  io[IO_LOWEST_STOP] = LOWEST_STEP_CONVERGED;
}

/**
 * Initial guess above b_u (inputs in io: β, x, b_max; b_u in io[IO_LEFT] and s_u in io[IO_RIGHT], which it
 * overwrites with the bracket), written to io[IO_S].
 */
function upperGuess(): void {
  const bU = io[IO_LEFT]!;
  const sU = io[IO_RIGHT]!;
  const beta = io[IO_BETA]!;
  const x = io[IO_X]!;
  const bMax = io[IO_B_MAX]!;
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
  const s = -2 * normInvFast(f);
  io[IO_S] = s > sU ? s : sU;
  io[IO_LEFT] = BRACKET_DOWN * sU;
}

/**
 * Rational cubic interpolation of s(β) between (b_l, s_l) and (b_c, s_c) with slopes 1/b' (Jäckel 2015),
 * from io, written to io[IO_S]; separate from lowerMiddleGuess, and fed through io, so that V8 inlines
 * the interpolation here instead of calling it with boxed doubles once the caller's inlining budget
 * is spent.
 */
function interpolateLowerMiddle(): void {
  const beta = io[IO_BETA]!;
  const bL = io[IO_NODE_B]!;
  const sL = io[IO_NODE_S]!;
  const dL = io[IO_NODE_D]!;
  const bC = io[IO_B_C]!;
  const sC = io[IO_S_C]!;
  const dC = io[IO_D_C]!;
  const r = convexControlRight(bL, bC, sL, sC, dL, dC, 0, false);
  io[IO_S] = clamp(sL, sC, rationalCubicInterpolation(beta, bL, bC, sL, sC, dL, dC, r));
}

/** As interpolateLowerMiddle, between (b_c, s_c) and (b_u, s_u). */
function interpolateUpperMiddle(): void {
  const beta = io[IO_BETA]!;
  const bU = io[IO_NODE_B]!;
  const sU = io[IO_NODE_S]!;
  const dU = io[IO_NODE_D]!;
  const bC = io[IO_B_C]!;
  const sC = io[IO_S_C]!;
  const dC = io[IO_D_C]!;
  const r = convexControlLeft(bC, bU, sC, sU, dC, dU, 0, false);
  io[IO_S] = clamp(sC, sU, rationalCubicInterpolation(beta, bC, bU, sC, sU, dC, dU, r));
}

/**
 * Initial guess on [b_l, b_c] (inputs in io: β, x, b_max, s_c, b_c, b'(s_c)): rational cubic
 * interpolation of s(β) between (b_l, s_l) and (b_c, s_c) with slopes 1/b', written with its bracket to
 * io. Returns 1, with b_l in io[IO_LEFT] and s_l in io[IO_RIGHT], when β < b_l (the lowest branch).
 * The branch-guess functions take everything through io so that no double is boxed on the way.
 */
function lowerMiddleGuess(): number {
  const beta = io[IO_BETA]!;
  const bMax = io[IO_B_MAX]!;
  const sC = io[IO_S_C]!;
  const bC = io[IO_B_C]!;
  const vC = io[IO_V_C]!;
  const sL = sC - bC / vC;
  const bL = bMax * lowerThresholdOverMax(sC);
  if (beta < bL) {
    io[IO_LEFT] = bL;
    io[IO_RIGHT] = sL;
    return 1;
  }
  io[IO_NODE_B] = bL;
  io[IO_NODE_S] = sL;
  io[IO_NODE_D] = 1 / (bMax * lowerVegaOverMax(sC));
  io[IO_D_C] = 1 / vC;
  interpolateLowerMiddle();
  io[IO_LEFT] = BRACKET_DOWN * sL;
  io[IO_RIGHT] = BRACKET_UP * sC;
  return 0;
}

/**
 * Initial guess on [b_c, b_u], as lowerMiddleGuess. Returns 1, with b_u in io[IO_LEFT] and s_u in
 * io[IO_RIGHT], when β > b_u (the upper branch).
 */
function upperMiddleGuess(): number {
  const beta = io[IO_BETA]!;
  const bMax = io[IO_B_MAX]!;
  const sC = io[IO_S_C]!;
  const bC = io[IO_B_C]!;
  const vC = io[IO_V_C]!;
  const sU = vC > DBL_MIN ? sC + (bMax - bC) / vC : sC;
  const bU = bMax * upperThresholdOverMax(sC);
  if (beta > bU) {
    io[IO_LEFT] = bU;
    io[IO_RIGHT] = sU;
    return 1;
  }
  io[IO_NODE_B] = bU;
  io[IO_NODE_S] = sU;
  io[IO_NODE_D] = 1 / (bMax * upperVegaOverMax(sC));
  io[IO_D_C] = 1 / vC;
  interpolateUpperMiddle();
  io[IO_LEFT] = BRACKET_DOWN * sC;
  io[IO_RIGHT] = BRACKET_UP * sU;
  return 0;
}

/**
 * Normalised implied volatility s = σ√T of an out-of-the-money call, from io[IO_BETA] = β > 0,
 * io[IO_LN_BETA] and io[IO_X] = x ≤ 0, written to io[IO_S]. Returns 0, or ABOVE_MAXIMUM when
 * β ≥ b_max = e^{x/2}.
 */
function impliedNormalisedVolatilityOtm(): number {
  const beta = io[IO_BETA]!;
  const x = io[IO_X]!;
  const bMax = Math.exp(0.5 * x);
  if (!(beta < bMax)) return ABOVE_MAXIMUM;
  io[IO_B_MAX] = bMax;
  const sC = Math.sqrt(-2 * x);
  io[IO_S_C] = sC;
  // At s_c = √(2|x|): h = −t, so b_c = ½·b_max·(1 − erfcx(√|x|)) and b'(s_c) = b_max/√(2π); the closed
  // form would cancel as |x| → 0, so centralBlack forms it without cancellation.
  io[IO_V_C] = ONE_OVER_SQRT_TWO_PI * bMax;
  centralBlack();
  if (beta < io[IO_B_C]!) {
    if (lowerMiddleGuess() !== 0) {
      lowestGuess();
      iterateLowest();
      return 0;
    }
    iterateMiddle();
    return 0;
  }
  if (upperMiddleGuess() !== 0) {
    upperGuess();
    if (beta > 0.5 * bMax) {
      iterateUpper();
      return 0;
    }
    io[IO_RIGHT] = Number.MAX_VALUE;
  }
  iterateMiddle();
  return 0;
}

/**
 * The whole scalar algorithm on io[IO_PRICE], io[IO_FORWARD], io[IO_STRIKE], io[IO_TIME]: returns an
 * IvStatus code and, when it is ok, writes σ ≥ 0 to io[IO_VOL]. Shared by both entries so that the batch
 * equals the scalar bit for bit.
 */
function impliedVolatilityStatus(isCall: boolean): number {
  const price = io[IO_PRICE]!;
  const forward = io[IO_FORWARD]!;
  const strike = io[IO_STRIKE]!;
  const timeYears = io[IO_TIME]!;
  if (!(forward > 0 && forward < Infinity && strike > 0 && strike < Infinity && timeYears > 0 && timeYears < Infinity &&
    price >= 0 && price < Infinity)) {
    return IvStatus.invalidInput;
  }
  const intrinsic = isCall ? forward - strike : strike - forward;
  if (price < intrinsic) return IvStatus.belowIntrinsic;
  if (price >= (isCall ? forward : strike)) return IvStatus.aboveMaximum;
  // Out-of-the-money part in price units: exact when F and K are within a factor two (Sterbenz).
  const otmPrice = intrinsic > 0 ? price - intrinsic : price;
  if (otmPrice === 0) {
    io[IO_VOL] = 0;
    return IvStatus.ok;
  }
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
  io[IO_BETA] = beta;
  io[IO_LN_BETA] = beta >= DBL_MIN ? NaN : Math.log(otmPrice) - Math.log(rootFK);
  io[IO_X] = -Math.abs(x);
  if (impliedNormalisedVolatilityOtm() !== 0) return IvStatus.aboveMaximum;
  io[IO_VOL] = io[IO_S]! / Math.sqrt(timeYears);
  return IvStatus.ok;
}

/** Black-76 implied vol from an UNDISCOUNTED price in the forward's units. */
export function impliedVolatility(price: number, forward: number, strike: number, timeYears: number, type: OptionType): IvResult {
  io[IO_PRICE] = price;
  io[IO_FORWARD] = forward;
  io[IO_STRIKE] = strike;
  io[IO_TIME] = timeYears;
  const status = impliedVolatilityStatus(type === 'call');
  if (status === IvStatus.ok) return { ok: true, vol: io[IO_VOL]! };
  return {
    ok: false,
    reason: status === IvStatus.belowIntrinsic ? 'below_intrinsic' : status === IvStatus.aboveMaximum ? 'above_maximum' : 'invalid_input',
  };
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
    // Stored into the Float64Array scratch, so no number is boxed on the way in or out.
    io[IO_PRICE] = price[i]!;
    io[IO_FORWARD] = forward[i] ?? NaN;
    io[IO_STRIKE] = strike[i] ?? NaN;
    io[IO_TIME] = timeYears[i] ?? NaN;
    const status = impliedVolatilityStatus(isCall[i] === 1);
    outVol[i] = status === IvStatus.ok ? io[IO_VOL]! : 0;
    outStatus[i] = status;
  }
}
