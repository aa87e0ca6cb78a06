/**
 * European options on the forward under any characteristic-function model of ./model.ts, by a
 * saddle-point-shifted Fourier contour integral (method, error control and measured accuracy:
 * docs/fourier-pricing.md; the integral: ./contour-integral.ts; the contour: ./saddle.ts).
 *
 * Only the out-of-the-money option is integrated — the call for K ≥ F on a contour right of w = 1, the
 * put for K < F on a contour left of w = 0 — so no residue and no parity cancellation enters; the
 * in-the-money price is intrinsic + that value, a sum of non-negative terms (as in ../black76.ts).
 *
 * Accuracy: the quadrature is refined until its error estimate is within
 * relativeTolerance·max(price, negligiblePrice·F) for every option, so the relative error is about
 * relativeTolerance (1e-10 by default) wherever the price is above negligiblePrice·F (1e-13·F by
 * default), and the absolute error is below relativeTolerance·negligiblePrice·F elsewhere. Measured
 * against 40-digit references in price.test.ts. Results are clamped into the no-arbitrage band
 * [intrinsic, F] (calls) or [intrinsic, K] (puts), which only moves them by rounding.
 *
 * Two entry points:
 * - priceEuropean: one option, its own saddle contour (about 100–250 evaluations of the characteristic
 *   function, most of them in the saddle search from a cold guess; bench/fourier.bench.ts measures it);
 * - priceSliceInto: many strikes of one expiry. Strikes on the same side whose saddles are close share
 *   one contour, so each characteristic-function evaluation serves the whole group; the grouping loses at
 *   most e^{lossBudget} in the integrand's size relative to each strike's own saddle (round-off only; the
 *   quadrature error is still controlled strike by strike). Default tolerance 1e-8 relative.
 *
 * Units: F, K in the quote currency; T in years; prices undiscounted, in the quote currency per unit of
 * underlying.
 */

import type { OptionType } from '../../market/option-quote.ts';
import { integrateGroup } from './contour-integral.ts';
import type { ContourSpec, LogMgfGradientEvaluator, QuadratureControl } from './contour-integral.ts';
import type { FourierModel } from './model.ts';
import { contourShift, logMgfReal, saddleCurvature, saddleDistance, saddleObjective } from './saddle.ts';
import { createFourierWorkspace } from './workspace.ts';
import type { FourierWorkspace } from './workspace.ts';

export interface FourierPricingOptions {
  /** Target relative error of each price. Default 1e-10 (priceEuropean), 1e-8 (priceSliceInto). */
  readonly relativeTolerance?: number;
  /** Prices below this fraction of F are negligible: their error is bounded absolutely. Default 1e-13. */
  readonly negligiblePrice?: number;
  /** Initial trapezoid step in the sinh variable. Default 0.5. */
  readonly initialStep?: number;
  /** Maximum step halvings. Default 12. */
  readonly maxLevels?: number;
  /** Slice path: largest loss (in nats) of a strike's integrand size from sharing a contour. Default: ln(0.01·tol/ε). */
  readonly lossBudget?: number;
}

export const DEFAULT_RELATIVE_TOLERANCE = 1e-10;
export const DEFAULT_SLICE_RELATIVE_TOLERANCE = 1e-8;
export const DEFAULT_NEGLIGIBLE_PRICE = 1e-13;

/** Throws RangeError unless forward, T are valid (finite, F > 0, T ≥ 0). */
function assertMarket(forward: number, timeToExpiryYears: number): void {
  if (!(forward > 0 && forward < Infinity)) throw new RangeError(`forward must be finite and > 0, got ${forward}`);
  if (!(timeToExpiryYears >= 0 && timeToExpiryYears < Infinity)) {
    throw new RangeError(`timeToExpiryYears must be finite and ≥ 0, got ${timeToExpiryYears}`);
  }
}

function assertStrike(strike: number): void {
  if (!(strike >= 0 && strike < Infinity)) throw new RangeError(`strike must be finite and ≥ 0, got ${strike}`);
}

function quadratureControl(options: FourierPricingOptions, defaultTolerance: number): QuadratureControl {
  const relativeTolerance = options.relativeTolerance ?? defaultTolerance;
  const negligible = options.negligiblePrice ?? DEFAULT_NEGLIGIBLE_PRICE;
  const initialStep = options.initialStep ?? 0.5;
  const maxLevels = options.maxLevels ?? 12;
  if (!(relativeTolerance > 0 && relativeTolerance < 1)) {
    throw new RangeError(`relativeTolerance must be in (0, 1), got ${relativeTolerance}`);
  }
  if (!(negligible > 0 && negligible < 1)) throw new RangeError(`negligiblePrice must be in (0, 1), got ${negligible}`);
  if (!(initialStep > 0 && initialStep <= 2)) throw new RangeError(`initialStep must be in (0, 2], got ${initialStep}`);
  if (!(Number.isInteger(maxLevels) && maxLevels >= 2 && maxLevels <= 20)) {
    throw new RangeError(`maxLevels must be an integer in [2, 20], got ${maxLevels}`);
  }
  return { relativeTolerance, negligible, initialStep, maxLevels };
}

/** Price of a European option from the out-of-the-money-side integral value (fractions of F). */
function assemble(
  sideValue: number, isCallSide: boolean, type: OptionType, forward: number, strike: number,
): number {
  const isCall = type === 'call';
  const intrinsic = isCall ? Math.max(forward - strike, 0) : Math.max(strike - forward, 0);
  const upper = isCall ? forward : strike;
  // The side's own option, then the other type by parity C − P = F − K.
  let v = forward * Math.max(sideValue, 0);
  if (isCall !== isCallSide) v += isCall ? forward - strike : strike - forward;
  if (!(v >= intrinsic)) v = intrinsic;
  return v > upper ? upper : v;
}

// Scratch for the strip and the accurate path.
const strip = new Float64Array(2);
const single = createFourierWorkspace(1);

/** Fills strip[0..1] and returns the side to integrate for log-moneyness k (the OTM side unless it is closed). */
function chooseSide(k: number): boolean {
  const otmIsCall = k >= 0;
  const callRoom = strip[1]! - 1;
  const putRoom = -strip[0]!;
  if (otmIsCall && callRoom < 1e-9 && putRoom >= 1e-9) return false;
  if (!otmIsCall && putRoom < 1e-9 && callRoom >= 1e-9) return true;
  return otmIsCall;
}

/** A rough positive starting point for the saddle search, from c₂ ≈ −8·ln M(½). */
function saddleGuess(c2: number, k: number): number {
  const spread = c2 > 0 ? c2 : 1;
  return Math.max(Math.abs(k) / spread - 0.5, Math.min(1, Math.sqrt(1 / spread)));
}

/**
 * Undiscounted price of a European option on the forward under `model` with `params` (validated here).
 * Accurate path: one saddle contour per option, default relative tolerance 1e-10.
 */
export function priceEuropean<P>(
  model: FourierModel<P>, params: P, forward: number, strike: number, timeToExpiryYears: number,
  type: OptionType, options: FourierPricingOptions = {},
): number {
  model.validate(params);
  assertMarket(forward, timeToExpiryYears);
  assertStrike(strike);
  const typeName: string = type;
  if (typeName !== 'call' && typeName !== 'put') throw new RangeError(`type must be 'call' or 'put', got ${typeName}`);
  const ctl = quadratureControl(options, DEFAULT_RELATIVE_TOLERANCE);
  const T = timeToExpiryYears;
  if (T === 0 || strike === 0) {
    return type === 'call' ? Math.max(forward - strike, 0) : Math.max(strike - forward, 0);
  }
  const k = Math.log(strike / forward);
  model.momentStripInto(params, T, strip);
  const isCallSide = chooseSide(k);
  const c2 = -8 * logMgfReal(model, params, T, 0.5);
  const xMax = isCallSide ? strip[1]! - 1 : -strip[0]!;
  const x = saddleDistance(model, params, T, k, isCallSide, xMax, saddleGuess(c2, k));
  const contour = contourFor(model, params, T, isCallSide, x, xMax, k, k);
  single.k[0] = k;
  single.order[0] = 0;
  integrateGroup(model, params, T, contour, ctl, single, 0, 1);
  return assemble(single.est[0]!, isCallSide, type, forward, strike);
}

/**
 * The contour through the saddle at distance x, its width and (where the model allows) its bend:
 * towards Re w → +∞ when every strike of the group has k > bendDrift, towards −∞ when every k is below
 * it (the integrand then decays like e^{−|k − drift|·Re w}), otherwise none.
 */
function contourFor<P>(
  model: FourierModel<P>, params: P, T: number, isCallSide: boolean, x: number, xMax: number, kMin: number, kMax: number,
): ContourSpec {
  const width = 1 / Math.sqrt(saddleCurvature(model, params, T, isCallSide, x, xMax));
  let bend = 0;
  if (model.contourTilt > 0) {
    const drift = model.bendDrift(params, T);
    if (kMin > drift) bend = model.contourTilt;
    else if (kMax < drift) bend = -model.contourTilt;
  }
  return { isCallSide, shift: contourShift(isCallSide, x), width, bend };
}

/**
 * Undiscounted prices of many European options of one expiry: strikes[i] with isCall[i] (1 call,
 * 0 put) into out[i]. Given a workspace of capacity ≥ strikes.length (createFourierWorkspace) it allocates
 * nothing per strike or per quadrature node; one small contour record per group of strikes (a few per
 * slice) is all. Default relative tolerance 1e-8; see the module comment.
 */
export function priceSliceInto<P>(
  model: FourierModel<P>, params: P, forward: number, timeToExpiryYears: number,
  strikes: Float64Array, isCall: Uint8Array, out: Float64Array, workspace: FourierWorkspace,
  options: FourierPricingOptions = {},
): void {
  sliceInto(model, params, forward, timeToExpiryYears, strikes, isCall, out, workspace, options, null, 0, null);
}

/**
 * Shared body of priceSliceInto and the gradient path: when gradFn is given, also writes
 * ∂price/∂θᵢ into jacobian[i·nGrad + g] (row-major per strike).
 */
export function sliceInto<P>(
  model: FourierModel<P>, params: P, forward: number, timeToExpiryYears: number,
  strikes: Float64Array, isCall: Uint8Array, out: Float64Array, ws: FourierWorkspace,
  options: FourierPricingOptions, gradFn: LogMgfGradientEvaluator<P> | null, nGrad: number,
  jacobian: Float64Array | null,
): void {
  model.validate(params);
  assertMarket(forward, timeToExpiryYears);
  const n = strikes.length;
  if (isCall.length !== n || out.length < n) {
    throw new RangeError(`isCall and out must have the strikes' length ${n}, got ${isCall.length} and ${out.length}`);
  }
  if (n > ws.capacity) throw new RangeError(`workspace capacity ${ws.capacity} < ${n} strikes`);
  if (jacobian !== null && jacobian.length < n * nGrad) {
    throw new RangeError(`jacobian must hold ${n * nGrad} values, got ${jacobian.length}`);
  }
  if (nGrad > ws.gradientCapacity) throw new RangeError(`workspace gradient capacity ${ws.gradientCapacity} < ${nGrad}`);
  for (let i = 0; i < n; i++) assertStrike(strikes[i]!);
  const ctl = quadratureControl(options, DEFAULT_SLICE_RELATIVE_TOLERANCE);
  const lossBudget = options.lossBudget ?? Math.max(1, Math.log((0.01 * ctl.relativeTolerance) / Number.EPSILON));
  const T = timeToExpiryYears;
  ws.counters.fill(0);

  // Degenerate options first; the rest get a side, a saddle and a place in `order`.
  model.momentStripInto(params, T, strip);
  const c2 = T > 0 ? -8 * logMgfReal(model, params, T, 0.5) : 1;
  let count = 0;
  // The last saddle found on each side [put, call]: neighbouring strikes have neighbouring saddles (x* is
  // monotone in k), so it starts the next strike's search next to its answer.
  let lastPut = 0;
  let lastCall = 0;
  for (let i = 0; i < n; i++) {
    const K = strikes[i]!;
    const type: OptionType = isCall[i] === 1 ? 'call' : 'put';
    if (T === 0 || K === 0) {
      out[i] = type === 'call' ? Math.max(forward - K, 0) : Math.max(K - forward, 0);
      if (jacobian !== null) for (let g = 0; g < nGrad; g++) jacobian[i * nGrad + g] = 0;
      ws.side[i] = -1;
      continue;
    }
    const k = Math.log(K / forward);
    ws.k[i] = k;
    const isCallSide = chooseSide(k);
    ws.side[i] = isCallSide ? 1 : 0;
    const xMax = isCallSide ? strip[1]! - 1 : -strip[0]!;
    const last = isCallSide ? lastCall : lastPut;
    const x = saddleDistance(model, params, T, k, isCallSide, xMax, last > 0 ? last : saddleGuess(c2, k));
    if (isCallSide) lastCall = x;
    else lastPut = x;
    const R = contourShift(isCallSide, x);
    ws.saddle[i] = x;
    ws.saddleValue[i] = saddleObjective(logMgfReal(model, params, T, R), R, k);
    ws.order[count++] = i;
  }
  // Sort by (side, saddle distance): insertion sort, n is small (tens).
  for (let a = 1; a < count; a++) {
    const j = ws.order[a]!;
    let b = a - 1;
    while (b >= 0 && sortsAfter(ws, ws.order[b]!, j)) {
      ws.order[b + 1] = ws.order[b]!;
      b--;
    }
    ws.order[b + 1] = j;
  }
  // Greedy groups: extend while the shared contour costs each member at most lossBudget and, for a
  // model that bends its contour, while the strikes stay on one side of its drift (so the group bends).
  const drift = model.contourTilt > 0 && T > 0 ? model.bendDrift(params, T) : 0;
  let first = 0;
  while (first < count) {
    const j0 = ws.order[first]!;
    const isCallSide = ws.side[j0] === 1;
    const xMax = isCallSide ? strip[1]! - 1 : -strip[0]!;
    let last = first + 1;
    let x = ws.saddle[j0]!;
    while (last < count) {
      const j1 = ws.order[last]!;
      if (ws.side[j1] !== ws.side[j0]) break;
      if (model.contourTilt > 0 && (ws.k[j1]! > drift) !== (ws.k[j0]! > drift)) break;
      const candidate = Math.sqrt(ws.saddle[j0]! * ws.saddle[j1]!);
      if (groupLoss(model, params, T, ws, isCallSide, candidate, j0, j1) > lossBudget) break;
      x = candidate;
      last++;
    }
    let kMin = Infinity;
    let kMax = -Infinity;
    for (let m = first; m < last; m++) {
      const k = ws.k[ws.order[m]!]!;
      kMin = Math.min(kMin, k);
      kMax = Math.max(kMax, k);
    }
    const contour = contourFor(model, params, T, isCallSide, x, xMax, kMin, kMax);
    integrateGroup(model, params, T, contour, ctl, ws, first, last, gradFn, nGrad);
    for (let m = first; m < last; m++) {
      const i = ws.order[m]!;
      const type: OptionType = isCall[i] === 1 ? 'call' : 'put';
      const K = strikes[i]!;
      const v = assemble(ws.est[i]!, isCallSide, type, forward, K);
      out[i] = v;
      if (jacobian !== null) {
        // The clamp at 0 of the side value has zero gradient; otherwise F × the integral's gradient.
        const live = ws.est[i]! > 0;
        for (let g = 0; g < nGrad; g++) jacobian[i * nGrad + g] = live ? forward * ws.gradEst[i * nGrad + g]! : 0;
      }
    }
    first = last;
  }
}

/** Order: put side first, then call side; within a side by saddle distance. */
function sortsAfter(ws: FourierWorkspace, a: number, b: number): boolean {
  const sa = ws.side[a]!;
  const sb = ws.side[b]!;
  return sa !== sb ? sa > sb : ws.saddle[a]! > ws.saddle[b]!;
}

/** Largest loss Ψ_k(R) − Ψ_k(R*_k) of the group's two extreme members at the candidate contour. */
function groupLoss<P>(
  model: FourierModel<P>, params: P, T: number, ws: FourierWorkspace, isCallSide: boolean, x: number,
  j0: number, j1: number,
): number {
  const R = contourShift(isCallSide, x);
  const psi = logMgfReal(model, params, T, R);
  const loss0 = saddleObjective(psi, R, ws.k[j0]!) - ws.saddleValue[j0]!;
  const loss1 = saddleObjective(psi, R, ws.k[j1]!) - ws.saddleValue[j1]!;
  const worst = Math.max(loss0, loss1);
  return Number.isFinite(worst) ? worst : Infinity;
}
