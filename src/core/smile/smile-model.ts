/**
 * The contract every per-expiry smile model (SVI, SABR, ...) implements, so that one calibrator
 * (src/core/calibration/calibrate-smile.ts) and one contract test suite serve them all (the Strata
 * pattern). One spec per model owns the parameter order, the bounds and pack/unpack between named fields
 * and the optimiser's Float64Array (STYLE.md principle 5).
 *
 * A model is described by its total implied variance w(k) = σ(k)²·T at log-moneyness k = ln(K/F), with
 * the analytic gradient ∂w/∂x; the calibrator derives vol-space residuals from it (σ = √(w/T),
 * ∂σ/∂x = ∂w/∂x / (2σT)).
 */
import type { Bounds } from '../optimize/least-squares.ts';
import type { SmileSlice } from '../calibration/smile-slice.ts';

export interface SmileModel<P> {
  readonly name: string;
  /** Names of the packed parameters, in packed order. */
  readonly parameterNames: readonly string[];
  /** Box bounds for the optimiser; may depend on the slice (e.g. on T or the strike range). */
  bounds(slice: SmileSlice): Bounds;
  pack(params: P): Float64Array;
  unpack(x: Float64Array): P;
  /**
   * Total variance at k for packed parameters x and time T (years); NaN-free: returns a value ≤ 0 or
   * non-finite only where x is outside the model's domain (the calibrator treats that as "rejected").
   */
  totalVariance(x: Float64Array, k: number, timeYears: number): number;
  /** As totalVariance, and writes ∂w/∂x_j into `gradient` (length parameterNames.length). */
  totalVarianceWithGradient(x: Float64Array, k: number, timeYears: number, gradient: Float64Array): number;
  /** A deterministic start for the optimiser from the slice's quotes (no hand-tuned guess needed). */
  initialGuess(slice: SmileSlice): Float64Array;
  /**
   * Smallest Durrleman g(k) over `steps + 1` grid points of [kFrom, kTo] (negative: butterfly arbitrage;
   * −Infinity where w ≤ 0), computed analytically. Optional: the calibrator falls back to finite differences
   * of totalVariance (src/core/smile/butterfly.ts).
   */
  minimumDensityFactor?(x: Float64Array, timeYears: number, kFrom: number, kTo: number, steps: number): number;
  /**
   * Half-width k of the log-moneyness range [−k, k] (widened to the quotes) over which the calibrator keeps
   * g ≥ 0 unless told otherwise; absent or 0: over the quotes only.
   */
  readonly defaultNoArbitrageRange?: number;
  /**
   * Durrleman g(k) at one log-moneyness (−Infinity where w ≤ 0) and its gradient ∂g/∂x into `gradient`,
   * analytic. Optional: with it, the calibrator can move a fit with butterfly arbitrage along the
   * constraint (penalty rows with exact Jacobians) rather than only blend it toward flat.
   */
  densityFactorWithGradient?(x: Float64Array, k: number, timeYears: number, gradient: Float64Array): number;
  /**
   * The same smile with its shape scaled by `fraction` ∈ [0, 1] around the ATM total variance: 1 gives x back,
   * 0 a flat smile (g ≡ 1, arbitrage-free). Lets the calibrator repair a start that has butterfly arbitrage.
   */
  towardFlat?(x: Float64Array, fraction: number, timeYears: number): Float64Array;
}
