/**
 * Choice of the integration contour for one strike: the real shift R of the vertical line w = R + is
 * at which the integrand of ./contour-integral.ts is smallest on the real axis — the saddle point of
 *
 *   Ψ_k(R) = ln M(R) − R·k − ln|R(R − 1)|,   k = ln(K/F),
 *
 * on the out-of-the-money side: R ∈ (1, w₊) for a call (k ≥ 0), R ∈ (w₋, 0) for a put (k < 0), where
 * (w₋, w₊) is the model's moment strip. Ψ_k is convex on each interval and tends to +∞ at both ends, so
 * its minimiser is the single root of Ψ′_k, found here by false position on ln(distance to the pole)
 * (saddleDistance). This is the contour choice of Andersen & Lake ("Robust high-precision option pricing by Fourier
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
 * at x → 0⁺ (kept: at the pole itself −∞). NaN and +∞ (beyond a moment explosion) are reported as +Infinity.
 */
function slope<P>(
  model: FourierModel<P>, params: P, T: number, k: number, isCallSide: boolean, x: number, xMax: number,
): number {
  const R = contourShift(isCallSide, x);
  const delta = 1e-5 * Math.min(x, xMax - x, 1 + Math.abs(R));
  const d = (logMgfReal(model, params, T, R + delta) - logMgfReal(model, params, T, R - delta)) / (2 * delta);
  const g = d - k - 1 / R - 1 / (R - 1);
  const oriented = isCallSide ? g : -g;
  return oriented === Number.NEGATIVE_INFINITY || Number.isFinite(oriented) ? oriented : Infinity;
}

/**
 * The saddle distance x* > 0 from the pole (R* = 1 + x* for calls, −x* for puts) for log-moneyness k,
 * within (0, xMax) where xMax = w₊ − 1 (calls) or −w₋ (puts), possibly Infinity, to 1% relative (the
 * contour only needs to be near the saddle: the loss is ½Ψ″·(δR)², a fraction of a nat). `guess` is a
 * positive starting point (any; a good one, such as the saddle of a neighbouring strike, saves most of
 * the work).
 *
 * Bracket: the slope is negative below x* and positive above it, so from the guess the bracket grows by a
 * factor that squares at each evaluation (FIRST_BRACKET_STEP; towards xMax never past half the distance
 * to it, towards the pole never closer than MIN_DISTANCE) until it changes sign. Then false position on the
 * slope in ln x, each estimate straddled by two probes 1% apart: on this smooth, monotone function the first
 * estimate from a 10% bracket is usually inside them, which proves the root to ±0.5%. Where a slope is
 * infinite (beyond a moment explosion), or the same end of the bracket was kept the step before, the
 * estimate is the bracket's midpoint instead. The result is always inside (0, xMax). Measured on a real BTC snapshot (5 Feb 2026 21:29, 317 strikes in 11
 * expiries; Heston σ = 10 and Bates σ = 37): 4 slope evaluations for most strikes from a neighbour's
 * saddle (4.6 on average, cold starts included) against 10–12 for the former halving-and-bisection search,
 * whose saddles were 70% of all evaluations of ln M in a pricing pass (saddle.test.ts checks the result
 * against a bisection to 1e-12).
 */
export function saddleDistance<P>(
  model: FourierModel<P>, params: P, T: number, k: number, isCallSide: boolean, xMax: number, guess: number,
): number {
  // A guess inside the strip stands (a neighbour's saddle is often past half of it); any other starts at half.
  const start = guess > 0 && guess < xMax ? guess : Math.min(1, 0.5 * xMax);
  let lo = start;
  let hi = start;
  let fLo = slope(model, params, T, k, isCallSide, start, xMax);
  let fHi = fLo;
  let step = FIRST_BRACKET_STEP;
  if (fLo > 0) {
    for (let i = 0; i < 200 && fLo > 0; i++) {
      hi = lo;
      fHi = fLo;
      lo = Math.max(hi / step, MIN_DISTANCE);
      fLo = slope(model, params, T, k, isCallSide, lo, xMax);
      if (lo === MIN_DISTANCE) break;
      step = Math.min(step * step, 1e10);
    }
  } else {
    for (let i = 0; i < 80 && fHi <= 0; i++) {
      lo = hi;
      fLo = fHi;
      hi = Number.isFinite(xMax) ? Math.min(hi * step, hi + 0.5 * (xMax - hi)) : hi * step;
      fHi = slope(model, params, T, k, isCallSide, hi, xMax);
      step = Math.min(step * step, 1e10);
    }
  }
  if (!(fLo <= 0 && fHi > 0)) return 0.5 * (lo + hi); // no sign change within the search's reach: in (0, xMax)
  // False position in u = ln x, each estimate straddled by two probes PROBE apart: a sign change between them
  // pins the root to ±PROBE (0.5%); otherwise the bracket shrinks to one side of them. When the same end was
  // kept last time the estimate is the bracket's midpoint instead (a far end with a huge slope, 1e76 beyond
  // a Gaussian jump term's growth, would otherwise hold false position against the other end for hundreds
  // of steps): the bracket at least halves every other step.
  let uLo = Math.log(lo);
  let uHi = Math.log(hi);
  let kept = 0; // +1: the high end was kept last time, −1: the low end
  for (let i = 0; i < 200 && uHi - uLo > 2 * PROBE; i++) {
    const finite = Number.isFinite(fLo) && Number.isFinite(fHi) && fHi - fLo > 0;
    const bisect = !finite || kept !== 0;
    const u = bisect ? 0.5 * (uLo + uHi) : uLo - (fLo * (uHi - uLo)) / (fHi - fLo);
    const a = Math.max(u - PROBE, uLo + 0.01 * PROBE);
    const b = Math.min(a + 2 * PROBE, uHi - 0.01 * PROBE);
    const fa = slope(model, params, T, k, isCallSide, Math.exp(a), xMax);
    if (fa > 0) {
      uHi = a;
      fHi = fa;
      kept = kept === -1 ? 0 : -1;
      continue;
    }
    const fb = slope(model, params, T, k, isCallSide, Math.exp(b), xMax);
    if (fb > 0) return Math.exp(0.5 * (a + b)); // the root is in [a, b]
    uLo = b;
    fLo = fb;
    kept = kept === 1 ? 0 : 1;
  }
  return Math.exp(0.5 * (uLo + uHi));
}

/** The closest the search goes to the pole (R = 1 or 0): closer, 1/(R − 1) is rounding. */
const MIN_DISTANCE = 1e-12;

/** Half-width in ln x of the straddle around each false-position estimate: the saddle's accuracy, 0.5%. */
const PROBE = 5e-3;

/**
 * The saddle's bracket grows from the guess by this factor, squared at every further step (1.1, 1.21,
 * 1.46, 2.14, 4.6, ...): a neighbour's saddle is usually within 10% (one step), a cold guess within a few.
 */
const FIRST_BRACKET_STEP = 1.1;

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
