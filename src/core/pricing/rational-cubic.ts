/**
 * Rational cubic interpolation between two points with given slopes, and the choice of its control
 * parameter r: the tool behind the initial guesses of the implied-volatility inverter.
 *
 * Reference: R. Delbourgo and J. A. Gregory, "Shape preserving piecewise rational interpolation",
 * SIAM J. Sci. Stat. Comput. 6 (1985) 967–976, for the interpolant and the bounds on r that keep it
 * monotone and convex/concave; and P. Jäckel, "Let's Be Rational" (2015), for fitting r to a
 * prescribed second derivative at one end while keeping those bounds.
 *
 * On [xL, xR] with h = xR − xL and t = (x − xL)/h, the interpolant is
 *
 *        yR·t³ + (r·yR − h·dR)·t²(1−t) + (r·yL + h·dL)·t(1−t)² + yL·(1−t)³
 *   y = ─────────────────────────────────────────────────────────────────────
 *                              1 + (r − 3)·t(1−t)
 *
 * which meets yL, yR with slopes dL, dR for any r > −1, and is the Hermite cubic at r = 3. Large r
 * pulls it towards the chord.
 */

/** The smallest admissible control parameter: r must stay above −1 for a positive denominator. */
const MINIMUM_CONTROL = -(1 - Math.sqrt(Number.EPSILON));
/** A large r that makes the interpolant the straight line through its end points, to rounding. */
const MAXIMUM_CONTROL = 2 / (Number.EPSILON * Number.EPSILON);

export function rationalCubicInterpolation(
  x: number, xL: number, xR: number, yL: number, yR: number, dL: number, dR: number, r: number,
): number {
  const h = xR - xL;
  if (!(Math.abs(h) > 0)) return 0.5 * (yL + yR);
  const t = (x - xL) / h;
  if (!(r < MAXIMUM_CONTROL)) return yR * t + yL * (1 - t); // the linear limit r → ∞
  const omt = 1 - t;
  const t2 = t * t;
  const omt2 = omt * omt;
  return (yR * t2 * t + (r * yR - h * dR) * t2 * omt + (r * yL + h * dL) * t * omt2 + yL * omt2 * omt) /
    (1 + (r - 3) * t * omt);
}

/**
 * The r at which the interpolant's second derivative at xL equals secondL.
 * Differentiating (2.4) twice at t = 0 gives y''(xL) = 2·(r·(Δ − dL) − (dR − dL))/h with Δ the chord slope.
 */
function controlToFitSecondDerivativeLeft(
  xL: number, xR: number, yL: number, yR: number, dL: number, dR: number, secondL: number,
): number {
  const h = xR - xL;
  const numerator = 0.5 * h * secondL + (dR - dL);
  if (numerator === 0) return 0;
  const denominator = (yR - yL) / h - dL;
  if (denominator === 0) return numerator > 0 ? MAXIMUM_CONTROL : MINIMUM_CONTROL;
  return numerator / denominator;
}

/** As above at xR, where y''(xR) = 2·(r·(dR − Δ) − (dR − dL))/h. */
function controlToFitSecondDerivativeRight(
  xL: number, xR: number, yL: number, yR: number, dL: number, dR: number, secondR: number,
): number {
  const h = xR - xL;
  const numerator = 0.5 * h * secondR + (dR - dL);
  if (numerator === 0) return 0;
  const denominator = dR - (yR - yL) / h;
  if (denominator === 0) return numerator > 0 ? MAXIMUM_CONTROL : MINIMUM_CONTROL;
  return numerator / denominator;
}

/**
 * The least r that keeps the interpolant monotone (when the data are) and convex or concave (when
 * the data are): Delbourgo & Gregory (1985), r ≥ (dL + dR)/Δ for monotonicity and
 * r ≥ max(|dR − dL|/|dR − Δ|, |dR − dL|/|Δ − dL|) for convexity, Δ the chord slope.
 */
function minimumShapePreservingControl(dL: number, dR: number, chord: number, preferShape: boolean): number {
  const monotone = dL * chord >= 0 && dR * chord >= 0;
  const convex = dL <= chord && chord <= dR;
  const concave = dL >= chord && chord >= dR;
  if (!monotone && !convex && !concave) return MINIMUM_CONTROL;
  let rMonotone = -Number.MAX_VALUE;
  let rConvex = -Number.MAX_VALUE;
  if (monotone) {
    if (chord !== 0) rMonotone = (dR + dL) / chord;
    else if (preferShape) rMonotone = MAXIMUM_CONTROL; // flat data: only the straight line is monotone
  }
  if (convex || concave) {
    const leftGap = chord - dL;
    const rightGap = dR - chord;
    if (leftGap !== 0 && rightGap !== 0) {
      rConvex = Math.max(Math.abs((dR - dL) / rightGap), Math.abs((dR - dL) / leftGap));
    } else if (preferShape) {
      rConvex = MAXIMUM_CONTROL;
    }
  }
  return Math.max(MINIMUM_CONTROL, rMonotone, rConvex);
}

/** r fitting the second derivative at xL, raised if needed to keep the shape (as in Jäckel 2015). */
export function convexControlLeft(
  xL: number, xR: number, yL: number, yR: number, dL: number, dR: number, secondL: number, preferShape: boolean,
): number {
  const r = controlToFitSecondDerivativeLeft(xL, xR, yL, yR, dL, dR, secondL);
  const rMin = minimumShapePreservingControl(dL, dR, (yR - yL) / (xR - xL), preferShape);
  return Math.max(r, rMin);
}

/** r fitting the second derivative at xR, raised if needed to keep the shape (as in Jäckel 2015). */
export function convexControlRight(
  xL: number, xR: number, yL: number, yR: number, dL: number, dR: number, secondR: number, preferShape: boolean,
): number {
  const r = controlToFitSecondDerivativeRight(xL, xR, yL, yR, dL, dR, secondR);
  const rMin = minimumShapePreservingControl(dL, dR, (yR - yL) / (xR - xL), preferShape);
  return Math.max(r, rMin);
}
