/**
 * The contract between calibrators and the least-squares optimisers in this folder: a problem writes its
 * residuals (and, where it can, its analytic Jacobian) into caller-provided Float64Arrays, so one model
 * evaluation prices every quote and nothing is allocated per iteration.
 *
 * Cost convention: cost = ½ Σ r_i² (MINPACK's, and Strata's chi-square up to the factor 2).
 */

export interface LeastSquaresProblem {
  readonly parameterCount: number;
  readonly residualCount: number;
  /**
   * Writes r(x) into `out` (length residualCount). Returns false when x is outside the model's domain
   * (the optimiser then rejects the step, it never sees NaN).
   */
  residuals(x: Float64Array, out: Float64Array): boolean;
  /**
   * Writes the Jacobian J[i·n + j] = ∂r_i/∂x_j (row-major, residualCount × parameterCount) into `out`.
   * Absent: the optimiser uses forward differences (and says so in its result).
   */
  jacobian?(x: Float64Array, out: Float64Array): void;
}

export interface Bounds {
  /** Per-parameter lower bounds (−Infinity for none). */
  readonly lower: Float64Array;
  /** Per-parameter upper bounds (+Infinity for none). */
  readonly upper: Float64Array;
}

/** Why an optimiser stopped. `converged_*` are successes; the rest say what went wrong. */
export type StopReason =
  | 'converged_ftol' // relative reduction of the cost below ftol
  | 'converged_xtol' // relative step below xtol
  | 'converged_gtol' // scaled gradient below gtol (a stationary point)
  | 'converged_zero_cost' // the residuals are zero to rounding: an exact fit
  | 'max_iterations'
  | 'max_evaluations'
  | 'invalid_start' // the residuals are undefined at the start point
  | 'no_progress'; // no step reduces the cost although no tolerance is met

export function isConverged(reason: StopReason): boolean {
  return reason.startsWith('converged_');
}
