/**
 * What the stochastic-model calibrator (calibrate-model.ts) needs to know about one model: its Fourier
 * pricer (../pricing/fourier), the order, bounds and packing of its parameters (STYLE.md principle 5: named
 * once, here), its deterministic candidate starts read off the market's shape (market-shape.ts), and
 * optionally an analytic price gradient.
 *
 * The packed vector is what Levenberg–Marquardt moves. It may differ from the named parameters — the
 * Heston spec with the Feller condition packs σ/√(2κθ) ∈ [0, 1] in place of σ — so `unpack` is the only
 * way from one to the other, and `packedGradient` chains an analytic gradient in the named parameters into
 * the packed ones.
 */
import type { FourierModel } from '../pricing/fourier/model.ts';
import type { FourierWorkspace } from '../pricing/fourier/workspace.ts';
import type { FourierPricingOptions } from '../pricing/fourier/price.ts';
import type { MarketShape } from './market-shape.ts';

export interface ModelSpec<P> {
  readonly name: string;
  readonly model: FourierModel<P>;
  /** Names of the packed vector's entries, in order (a Feller spec names σ's slot `sigmaFellerRatio`). */
  readonly packedNames: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  pack(params: P): Float64Array;
  unpack(x: Float64Array): P;
  /**
   * Constraints the box cannot express (variance gamma's finite E[F_T]): false rejects the point. Absent:
   * every point of the box is valid.
   */
  inDomain?(x: Float64Array): boolean;
  /** Candidate starts, deterministic, read off the market; the calibrator fits from the best of them. */
  startCandidates(shape: MarketShape): readonly P[];
  /**
   * Optional analytic path: prices of one slice and ∂price/∂(packed x) into jacobian (row-major, one row
   * per strike, packedNames.length columns). Absent: central finite differences of the prices.
   */
  sliceWithGradientInto?(
    x: Float64Array, forward: number, timeToExpiryYears: number, strikes: Float64Array, isCall: Uint8Array,
    prices: Float64Array, jacobian: Float64Array, workspace: FourierWorkspace, options: FourierPricingOptions,
  ): void;
}

/** A box in packed coordinates, as two Float64Arrays. */
export function box(lower: readonly number[], upper: readonly number[]): { lower: Float64Array; upper: Float64Array } {
  return { lower: Float64Array.from(lower), upper: Float64Array.from(upper) };
}

/** Clamps a candidate start into the box (starts read off the market can land outside it). */
export function clampInto(x: Float64Array, lower: Float64Array, upper: Float64Array): Float64Array {
  for (let j = 0; j < x.length; j++) x[j] = Math.min(upper[j]!, Math.max(lower[j]!, x[j]!));
  return x;
}
