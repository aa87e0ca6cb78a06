/**
 * Extra residual rows appended to a least-squares problem: the form every penalty here takes (a prior
 * toward the last calibration's parameters, src/core/refine), so that Levenberg–Marquardt minimises
 * ½Σr² + ½Σp² with the penalty's exact Jacobian and no change to the optimiser.
 *
 * The data rows come first (indices 0 … m − 1), the extra rows after them; a caller that wants statistics
 * of the data alone (covariance, fit quality) reads the first m rows of the result's residuals and Jacobian.
 */
import type { LeastSquaresProblem } from './least-squares.ts';

export interface ExtraRows {
  readonly count: number;
  /** Writes the rows' values into out[offset … offset + count); false rejects x. */
  residuals(x: Float64Array, out: Float64Array, offset: number): boolean;
  /** Writes the rows' derivatives, row-major with parameterCount columns, from row `offset` on. */
  jacobian(x: Float64Array, out: Float64Array, offset: number): void;
}

/** The problem with `rows` appended; the data problem itself when rows is null or empty. */
export function withExtraRows(problem: LeastSquaresProblem, rows: ExtraRows | null): LeastSquaresProblem {
  if (rows === null || rows.count === 0) return problem;
  const m = problem.residualCount;
  const dataJacobian = problem.jacobian?.bind(problem);
  return {
    parameterCount: problem.parameterCount,
    residualCount: m + rows.count,
    residuals: (x, out) => problem.residuals(x, out) && rows.residuals(x, out, m),
    ...(dataJacobian === undefined
      ? {}
      : {
          jacobian: (x: Float64Array, out: Float64Array) => {
            dataJacobian(x, out);
            rows.jacobian(x, out, m);
          },
        }),
  };
}
