/**
 * The slice price Jacobian of any model with an analytic log-characteristic gradient: prices of one
 * expiry's strikes (as priceSliceInto) and ∂price_i/∂θ_j into jacobian[i·size + j], row-major per strike,
 * θ in the gradient's order. The integral is ./price.ts's with ∂ln M/∂θ·M in place of M (exact: the contour
 * does not depend on the parameters). Allocation-free given a workspace with gradientCapacity ≥ size.
 */
import type { LogMgfGradientEvaluator } from './contour-integral.ts';
import type { FourierModel } from './model.ts';
import type { FourierPricingOptions } from './price.ts';
import { sliceInto } from './price.ts';
import type { FourierWorkspace } from './workspace.ts';

export type SliceWithGradient<P> = (
  params: P, forward: number, timeToExpiryYears: number, strikes: Float64Array, isCall: Uint8Array,
  out: Float64Array, jacobian: Float64Array, workspace: FourierWorkspace, options?: FourierPricingOptions,
) => void;

export function sliceWithGradient<P>(model: FourierModel<P>, gradient: LogMgfGradientEvaluator<P>, size: number): SliceWithGradient<P> {
  return (params, forward, T, strikes, isCall, out, jacobian, workspace, options = {}) => {
    sliceInto(model, params, forward, T, strikes, isCall, out, workspace, options, gradient, size, jacobian);
  };
}
