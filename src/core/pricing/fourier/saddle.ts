/**
 * Choice of the integration contour for one strike: the real shift R of the vertical line w = R + is
 * at which the integrand of ./contour-integral.ts is smallest on the real axis — the saddle point of
 *
 *   Ψ_k(R) = ln M(R) − R·k − ln|R(R − 1)|,   k = ln(K/F),
 *
 * on the out-of-the-money side: R ∈ (1, w₊) for a call (k ≥ 0), R ∈ (w₋, 0) for a put (k < 0), where
 * (w₋, w₊) is the model's moment strip. Ψ_k is convex on each interval and tends to +∞ at both ends, so
 * its minimiser is the single root of Ψ′_k, found here by bracketing and bisection on ln(distance to the
 * pole). This is the contour choice of Andersen & Lake ("Robust high-precision option pricing by Fourier
 * transforms: contour deformations and double-exponential quadrature", 2018, §4), restricted to the
 * out-of-the-money side so that no residue is added and the price needs no cancellation against parity:
 * at the saddle the integrand's modulus is of the order of the price itself, down to the smallest prices.
 * The saddle also gives the integrand's width 1/√Ψ″_k(R) along the line, which scales the quadrature.
 *
 * ψ′ and ψ″ come from central differences of Re ln M on the real axis (exact enough for a contour
 * choice, which only needs to be near-optimal; the price does not depend on R).
 */

import type { FourierModel } from './model.ts';

/** Scratch shared by the functions of this file (single-threaded, never re-entered). */
const t2 = new Float64Array(2);

/** Re ln M(R) for real R: ln φ at u = −iR. */
export function logMgfReal<P>(model: FourierModel<P>, params: P, T: number, R: number): number {
  model.logCfInto(params, T, 0, -R, t2);
  return t2[0]!;
}

/** R at distance x from the pole on the given side: 1 + x for calls, −x for puts. */
export function contourShift(isCallSide: boolean, x: number): number {
  return isCallSide ? 1 + x : -x;
}

/**
 * Ψ′ on the side's coordinate x (R = 1 + x or R = −x), oriented so that it increases with x and is −∞
 * at x → 0⁺. Non-finite values (beyond a moment explosion) are reported as +Infinity.
 */
function slope<P>(
  model: FourierModel<P>, params: P, T: number, k: number, isCallSide: boolean, x: number, xMax: number,
): number {
  const R = contourShift(isCallSide, x);
  const delta = 1e-5 * Math.min(x, xMax - x, 1 + Math.abs(R));
  const d = (logMgfReal(model, params, T, R + delta) - logMgfReal(model, params, T, R - delta)) / (2 * delta);
  const g = d - k - 1 / R - 1 / (R - 1);
  const oriented = isCallSide ? g : -g;
  return Number.isFinite(oriented) ? oriented : Infinity;
}

/**
 * The saddle distance x* > 0 from the pole (R* = 1 + x* for calls, −x* for puts) for log-moneyness k,
 * within (0, xMax) where xMax = w₊ − 1 (calls) or −w₋ (puts), possibly Infinity. `guess` is a positive
 * starting point (any; a good one saves a few evaluations). About 2·(10 to 20) evaluations of ln M.
 */
export function saddleDistance<P>(
  model: FourierModel<P>, params: P, T: number, k: number, isCallSide: boolean, xMax: number, guess: number,
): number {
  let hi = Math.min(guess > 0 ? guess : 1, 0.5 * xMax);
  // Bracket: hi with slope > 0 (grow towards xMax), lo with slope < 0 (shrink towards 0).
  let grow = 0;
  while (slope(model, params, T, k, isCallSide, hi, xMax) <= 0 && grow < 80) {
    hi = Number.isFinite(xMax) ? hi + 0.5 * (xMax - hi) : 2 * hi;
    grow++;
  }
  let lo = hi;
  let shrink = 0;
  do {
    lo *= 0.5;
    shrink++;
  } while (slope(model, params, T, k, isCallSide, lo, xMax) > 0 && shrink < 200);
  // Bisection, geometric while the bracket spans more than a factor 2; stops at 1% relative (the
  // contour only needs to be near the saddle: the loss is ½Ψ″·(δR)², a fraction of a nat).
  for (let i = 0; i < 100 && hi - lo > 1e-2 * lo; i++) {
    const mid = hi > 2 * lo ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
    if (slope(model, params, T, k, isCallSide, mid, xMax) > 0) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Ψ″(R) = ψ″(R) + 1/R² + 1/(R − 1)² (independent of k) at the contour shift of distance x, ψ″ from a
 * second difference clamped at ≥ 0 (ψ is convex on the real axis).
 */
export function saddleCurvature<P>(
  model: FourierModel<P>, params: P, T: number, isCallSide: boolean, x: number, xMax: number,
): number {
  const R = contourShift(isCallSide, x);
  const delta = 1e-3 * Math.min(x, xMax - x, 1 + Math.abs(R));
  const f0 = logMgfReal(model, params, T, R);
  const fp = logMgfReal(model, params, T, R + delta);
  const fm = logMgfReal(model, params, T, R - delta);
  const second = (fp - 2 * f0 + fm) / (delta * delta);
  const psi2 = Number.isFinite(second) && second > 0 ? second : 0;
  return psi2 + 1 / (R * R) + 1 / ((R - 1) * (R - 1));
}

/** Ψ_k(R) = ln M(R) − R·k − ln|R(R − 1)| given ln M(R). */
export function saddleObjective(logMgf: number, R: number, k: number): number {
  return logMgf - R * k - Math.log(Math.abs(R * (R - 1)));
}
