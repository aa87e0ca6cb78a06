/**
 * The error function family on the whole double range: erf(x), erfc(x) = 1 − erf(x) and the scaled
 * complementary error function erfcx(x) = e^{x²}·erfc(x).
 *
 * Reference: W. J. Cody, "Rational Chebyshev approximations for the error function", Mathematics of
 * Computation 23 (1969) 631–637, as implemented in his SPECFUN routine CALERF (netlib specfun/erf).
 * The three rational approximations below are his, with his published coefficients:
 *   |x| ≤ 0.46875   erf(x)  = x·R₁(x²)                      (coefficients A/B)
 *   0.46875 < x ≤ 4 erfcx(x) = R₂(x)                         (coefficients C/D)
 *   x > 4           erfcx(x) = (1/√π − R₃(1/x²)/x²)/x         (coefficients P/Q)
 * Their approximation error is below 1e-18 relative, so what remains is rounding in the evaluation.
 * For erfcx on [0, 0.46875], where Cody takes e^{x²}·(1 − erf(x)) (an exponential), a [6/6] Padé
 * approximant at 15/64 derived for this file (scripts/fixtures/generate-erfcx-pade.py; approximation error
 * 2e-17, measured 2.7·2^−53 relative in double evaluation).
 * The coefficients are written as the shortest decimals that round to the same doubles as Cody's
 * printed 18-digit values.
 *
 * Where e^{±x²} is needed, x² is split as s² + (x − s)(x + s) with s = ⌊16x⌋/16, so s² is exact and
 * e^{x²} is formed without the ~x²·ε error that rounding x² first would cost (Cody's device).
 *
 * Accuracy against mpmath at 60 digits (erf.test.ts; fixtures from
 * scripts/fixtures/generate-erf-fixtures.py), measured in ulps of the correctly rounded value:
 * erf ≤ 3 ulp on [−6.5, 6.5]; erfc ≤ 4 ulp on [−6.5, 27.3] (subnormal results in units of 2^−1074);
 * erfcx ≤ 4 ulp on [−26, 1e300]. erfcx overflows to +Infinity for x < −26.63, as it must.
 */

const ONE_OVER_SQRT_PI = 0.5641895835477563;

/**
 * erf(x) = x·R₁(x²) for |x| ≤ 0.46875 only (Cody's first interval), with no checks: for hot paths that
 * know their argument is there. Anything else: use erf.
 */
export function erfSmallUnchecked(x: number): number {
  const z = x * x;
  const num = (((0.18577770618460315 * z + 3.1611237438705655) * z + 113.86415415105016) * z +
    377.485237685302) * z + 3209.3775891384694;
  const den = (((z + 23.601290952344122) * z + 244.02463793444417) * z + 1282.6165260773723) * z +
    2844.236833439171;
  return (x * num) / den;
}

/**
 * erfcx(y) for y > 0.46875 only (Cody's second and third intervals), with no checks: the hot path of
 * the normalised Black function, which knows its arguments are there. Anything else: use erfcx.
 */
export function erfcxAboveThresholdUnchecked(y: number): number {
  if (y <= 4) {
    const num = (((((((2.1531153547440383e-8 * y + 0.5641884969886701) * y + 8.883149794388377) * y +
      66.11919063714163) * y + 298.6351381974001) * y + 881.952221241769) * y +
      1712.0476126340707) * y + 2051.0783778260716) * y + 1230.3393547979972;
    const den = (((((((y + 15.744926110709835) * y + 117.6939508913125) * y + 537.1811018620099) * y +
      1621.3895745666903) * y + 3290.7992357334597) * y + 4362.619090143247) * y +
      3439.3676741437216) * y + 1230.3393548037495;
    return num / den;
  }
  // Beyond 6.71e7 the correction R₃/x² is below half an ulp of 1/√π (and 1/x² could underflow).
  if (y >= 6.71e7) return ONE_OVER_SQRT_PI / y;
  const z = 1 / (y * y);
  const num = ((((0.016315387137302097 * z + 0.30532663496123236) * z + 0.36034489994980445) * z +
    0.12578172611122926) * z + 0.016083785148742275) * z + 0.0006587491615298378;
  const den = ((((z + 2.568520192289822) * z + 1.8729528499234604) * z + 0.5279051029514285) * z +
    0.06051834131244132) * z + 0.0023352049762686918;
  return (ONE_OVER_SQRT_PI - (z * num) / den) / y;
}

/** e^{−y²} for y ≥ 0 without the error of rounding y² (Cody's split, see the module comment). */
function expMinusSquare(y: number): number {
  const s = Math.trunc(y * 16) / 16;
  const d = (y - s) * (y + s);
  return Math.exp(-s * s) * Math.exp(-d);
}

/** e^{+y²} for y ≥ 0, same split; +Infinity once it overflows (y > 26.64). */
function expPlusSquare(y: number): number {
  const s = Math.trunc(y * 16) / 16;
  const d = (y - s) * (y + s);
  return Math.exp(s * s) * Math.exp(d);
}

/** The error function erf(x) = (2/√π)∫₀ˣ e^{−t²} dt. Odd; within 2 ulp of the true value. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmallUnchecked(x);
  if (y >= 6) return x > 0 ? 1 : x < 0 ? -1 : x; // 1 − erf(6) = 2.2e-17 < ulp(1)/2; NaN passes through
  const r = 1 - expMinusSquare(y) * erfcxAboveThresholdUnchecked(y);
  return x < 0 ? -r : r;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), accurate in relative terms in the right tail
 * (no cancellation): erfc(26) = 5.66e-296 to a few ulp. Underflows to 0 beyond x ≈ 27.23.
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erfSmallUnchecked(x);
  if (x > 0) return x > 27.3 ? 0 : expMinusSquare(y) * erfcxAboveThresholdUnchecked(y);
  if (y >= 6) return x === x ? 2 : x; // erfc(−6) = 2 − 2.2e-17 rounds to 2
  return 2 - expMinusSquare(y) * erfcxAboveThresholdUnchecked(y);
}

/**
 * The scaled complementary error function erfcx(x) = e^{x²}·erfc(x). For large positive x it behaves
 * as 1/(x√π) and never underflows to 0 before x ≈ 1e308; for x < −26.63 it overflows to +Infinity.
 */
export function erfcx(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) {
    if (x >= 0) {
      // [6/6] Padé approximant at 15/64 (see the module comment): no exponential.
      const u = x - 0.234375;
      const num = (((((4.4065198068342144e-7 * u + 0.0015792648721629397) * u + 0.022510545121549343) * u +
        0.13687445560104902) * u + 0.45995276841014554) * u + 0.8442428598377971) * u + 0.7821033840209444;
      const den = (((((0.0028120443222529696 * u + 0.04044305492015805) * u + 0.25405881746611825) * u +
        0.8882827577423718) * u + 1.8164383482026913) * u + 2.05345111462973) * u + 1;
      return num / den;
    }
    return Math.exp(x * x) * (1 - erfSmallUnchecked(x));
  }
  if (x > 0) return erfcxAboveThresholdUnchecked(y);
  if (x !== x) return x;
  if (x < -26.7) return Infinity;
  // erfcx(−y) = 2e^{y²} − erfcx(y); the second term is negligible once 2e^{y²} is large.
  return 2 * expPlusSquare(y) - erfcxAboveThresholdUnchecked(y);
}
