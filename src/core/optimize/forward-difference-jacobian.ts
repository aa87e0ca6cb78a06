/**
 * One-sided finite-difference Jacobian for least-squares problems without an analytic one (MINPACK's fdjac2,
 * Moré, Garbow & Hillstrom, "User guide for MINPACK-1", ANL-80-74, 1980, with two changes for box bounds
 * and model domains: the step goes backwards when a forward step would leave the box or the domain).
 *
 * Step: h_j = η·max(|x_j|, 1), then h_j ← (x_j + h_j) − x_j so that h is exactly the change in x.
 * With η = √ε ≈ 1.5e-8 the truncation error (∝ h·|r''|) and the rounding error (∝ ε·|r|/h) balance, giving
 * ≈ 8 correct digits for residuals of order one (Dennis & Schnabel, "Numerical Methods for Unconstrained
 * Optimization", 1983, §5.4). The max(·, 1) floor keeps the step out of rounding noise for parameters near
 * zero (MINPACK's h = η·|x_j| collapses there); parameters should be scaled to be of order one or larger.
 */
import type { LeastSquaresProblem } from './least-squares.ts';

/** Scratch and constraints for forwardDifferenceJacobian; all Float64Arrays are preallocated by the caller. */
export interface DifferenceWorkspace {
  /** Length n; overwritten. */
  readonly point: Float64Array;
  /** Length m; overwritten. */
  readonly shifted: Float64Array;
  readonly lower: Float64Array | undefined;
  readonly upper: Float64Array | undefined;
  /** fixed[j] = 1: column j is written as zeros and costs no evaluation. */
  readonly fixed: Uint8Array | undefined;
}

/**
 * Writes J ≈ ∂r/∂x at x (row-major m×n) into `out`, given r(x) in `residuals`. Returns the number of
 * residual evaluations used. A column whose residuals are undefined on both sides of x is written as zeros:
 * the optimiser then cannot move that parameter, and covariance reports it as unidentified.
 */
export function forwardDifferenceJacobian(
  problem: LeastSquaresProblem,
  x: Float64Array,
  residuals: Float64Array,
  relativeStep: number,
  work: DifferenceWorkspace,
  out: Float64Array,
): number {
  const n = problem.parameterCount;
  const m = problem.residualCount;
  const { point, shifted, lower, upper, fixed } = work;
  point.set(x);
  let evaluations = 0;
  for (let j = 0; j < n; j++) {
    let written = false;
    if (fixed?.[j] !== 1) {
      const xj = x[j]!;
      const h = relativeStep * Math.max(Math.abs(xj), 1);
      const up = upper?.[j] ?? Infinity;
      const low = lower?.[j] ?? -Infinity;
      // Forward first unless that leaves the box; the other side is the fallback for domain failures.
      const forwardFirst = xj + h <= up || xj - h < low;
      for (let attempt = 0; attempt < 2 && !written; attempt++) {
        const forward = forwardFirst === (attempt === 0);
        const trial = forward ? xj + h : xj - h;
        const step = trial - xj;
        if (step === 0) continue;
        point[j] = trial;
        evaluations++;
        if (problem.residuals(point, shifted) && allFinite(shifted, m)) {
          for (let i = 0; i < m; i++) out[i * n + j] = (shifted[i]! - residuals[i]!) / step;
          written = true;
        }
      }
      point[j] = xj;
    }
    if (!written) for (let i = 0; i < m; i++) out[i * n + j] = 0;
  }
  return evaluations;
}

export function allFinite(values: Float64Array, count: number): boolean {
  for (let i = 0; i < count; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
