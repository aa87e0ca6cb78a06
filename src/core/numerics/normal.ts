/**
 * The standard normal distribution: density φ, cumulative distribution Φ and its inverse Φ⁻¹.
 *
 * References:
 *  - Φ through the error functions of ./erf.ts (Cody 1969): Φ(x) = ½·erfc(−x/√2). In the left tail it is
 *    evaluated as ½·erfcx(−x/√2)·e^{−x²/2}, with x² split exactly (Dekker) so the exponential carries
 *    no error from rounding x²; relative error then stays at a few ulp down to Φ(−37.5) ≈ 4.6e-308, and
 *    subnormal results (Φ(−38) ≈ 2.88e-316) are right to a few units of 2^−1074.
 *  - Φ⁻¹: M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
 *    Applied Statistics 37 (1988) 477–484, PPND16 (relative error about 1e-16), followed by one Halley
 *    step on Φ(x) − p, which brings it to within a couple of ulp for p from 1e-300 to 1 − 2^−53.
 *    Wichura's coefficients are written as the shortest decimals that round to the same doubles.
 *    normInvFast is PPND16 alone, for initial guesses; normInvFastTailFromMinusLog is its tail (p < 0.075)
 *    for callers that hold ln p, which PPND16 would otherwise take the logarithm of p to form.
 *
 * Measured against mpmath at 60 digits (normal.test.ts; fixtures from
 * scripts/fixtures/generate-erf-fixtures.py), in ulps of the correctly rounded value: normPdf ≤ 2 ulp
 * on [−38.5, 38.5]; normCdf ≤ 5 ulp on [−38.6, 9] (subnormal results in units of 2^−1074);
 * normInv ≤ 3 ulp for p in [1e-300, 1 − 2^−53].
 */

import { erfc, erfcx } from './erf.ts';

const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const SQRT_TWO_PI = 2.5066282746310007;
const SQRT_HALF = 0.7071067811865476;
/** Veltkamp/Dekker splitter 2^27 + 1: x·SPLIT − (x·SPLIT − x) keeps the high 26 bits of x. */
const SPLIT = 134217729;

/** e^{−x²/2} with x² formed exactly: x = h + l with h of 26 bits, so h² is exact. Needs |x| < 1e300. */
function expMinusHalfSquare(x: number): number {
  const c = SPLIT * x;
  const h = c - (c - x);
  const l = x - h;
  return Math.exp(-0.5 * h * h) * Math.exp(-(h * l + 0.5 * l * l));
}

/** Standard normal density φ(x) = e^{−x²/2}/√(2π), within 2 ulp; 0 beyond |x| = 38.6 (underflow). */
export function normPdf(x: number): number {
  const y = Math.abs(x);
  if (y > 40) return 0;
  if (y <= 1) return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
  return ONE_OVER_SQRT_TWO_PI * expMinusHalfSquare(y);
}

/**
 * Standard normal distribution function Φ(x) = P(Z ≤ x), accurate in relative terms in the left tail
 * (no cancellation): a few ulp while Φ(x) is a normal double, Φ(−38) ≈ 2.88e-316 as a subnormal,
 * 0 below x ≈ −38.5. Near 1 the absolute error is below an ulp of 1.
 */
export function normCdf(x: number): number {
  if (x < -0.66291260736239) {
    // −x/√2 > 0.46875: the erfcx branch of erf.ts, so no e^{x²/2} is rounded through erfc.
    if (x < -39) return 0;
    return 0.5 * erfcx(-x * SQRT_HALF) * expMinusHalfSquare(x);
  }
  return 0.5 * erfc(-x * SQRT_HALF);
}

/**
 * AS 241 PPND16 for 0 < p ≤ 0.5 (returns x ≤ 0). A small wrapper that V8 inlines; the body is too long to
 * inline, and a double passed to or returned from a function that is not inlined is boxed (a heap
 * allocation per call), so the body takes p and returns x through a Float64Array instead.
 */
function ppnd16Lower(p: number): number {
  ppnd16Io[0] = p;
  ppnd16LowerBody();
  return ppnd16Io[1]!;
}

const ppnd16Io = new Float64Array(2);

/** PPND16 on ppnd16Io[0] = p ∈ (0, 0.5], result to ppnd16Io[1]. */
function ppnd16LowerBody(): void {
  const p = ppnd16Io[0]!;
  const q = p - 0.5;
  if (q >= -0.425) {
    const r = 0.180625 - q * q;
    ppnd16Io[1] = (q * (((((((2509.0809287301227 * r + 33430.57558358813) * r + 67265.7709270087) * r +
      45921.95393154987) * r + 13731.69376550946) * r + 1971.5909503065513) * r +
      133.14166789178438) * r + 3.3871328727963665)) /
      (((((((5226.495278852854 * r + 28729.085735721943) * r + 39307.89580009271) * r +
        21213.794301586597) * r + 5394.196021424751) * r + 687.1870074920579) * r +
        42.31333070160091) * r + 1);
    return;
  }
  ppnd16Io[0] = -Math.log(p);
  ppnd16TailBody();
}

/** PPND16's tail, p < 0.075, on ppnd16Io[0] = −ln p, result to ppnd16Io[1]. */
function ppnd16TailBody(): void {
  let r = Math.sqrt(ppnd16Io[0]!);
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = (((((((0.0007745450142783414 * r + 0.022723844989269184) * r + 0.2417807251774506) * r +
      1.2704582524523684) * r + 3.6478483247632045) * r + 5.769497221460691) * r +
      4.630337846156546) * r + 1.4234371107496835) /
      (((((((1.0507500716444169e-9 * r + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) * r + 0.6897673349851) * r + 1.6763848301838038) * r +
        2.053191626637759) * r + 1);
  } else {
    r -= 5;
    x = (((((((2.0103343992922881e-7 * r + 0.000027115555687434876) * r + 0.0012426609473880784) * r +
      0.026532189526576124) * r + 0.29656057182850487) * r + 1.7848265399172913) * r +
      5.463784911164114) * r + 6.657904643501103) /
      (((((((2.0442631033899397e-15 * r + 1.421511758316446e-7) * r + 0.000018463183175100548) * r +
        0.0007868691311456133) * r + 0.014875361290850615) * r + 0.1369298809227358) * r +
        0.599832206555888) * r + 1);
  }
  ppnd16Io[1] = -x;
}

/**
 * Φ⁻¹(p) by PPND16 alone, without the Halley polish: within 1.2e-15 relative of normInv (measured 8.9e-16 for p
 * from 1e-300 to 1 − 1e-16), at half its cost. For initial guesses that are refined afterwards anyway.
 * Same domain as normInv.
 */
export function normInvFast(p: number): number {
  if (!(p > 0 && p < 1)) return normInv(p);
  return p <= 0.5 ? ppnd16Lower(p) : -ppnd16Lower(1 - p);
}

/**
 * Φ⁻¹(p) by PPND16 alone (as normInvFast) for p < 0.075 given as −ln p ∈ (2.59, 1.4e308), e.g. by a caller
 * that has ln p for less than p itself: no logarithm is taken here.
 */
export function normInvFastTailFromMinusLog(minusLnP: number): number {
  ppnd16Io[0] = minusLnP;
  ppnd16TailBody();
  return ppnd16Io[1]!;
}

/**
 * Inverse standard normal distribution function: the x with Φ(x) = p. Returns −Infinity at p = 0,
 * +Infinity at p = 1 and NaN outside [0, 1] (as Math.log does outside its domain).
 */
export function normInv(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  // Work on the lower half, where p carries full relative precision; 1 − p is exact for p ≥ 0.5.
  const lower = p <= 0.5;
  const q = lower ? p : 1 - p;
  let x = ppnd16Lower(q);
  // Halley step on f(x) = Φ(x) − q: u = f/φ, x ← x − u/(1 + x·u/2). Skipped where φ(x) is subnormal
  // (q < 1e-305), as the division would then lose digits; PPND16 alone is good to ~1e-16 there.
  if (q > 1e-305) {
    const u = (normCdf(x) - q) * SQRT_TWO_PI * Math.exp(0.5 * x * x);
    x -= u / (1 + 0.5 * x * u);
  }
  return lower ? x : -x;
}
