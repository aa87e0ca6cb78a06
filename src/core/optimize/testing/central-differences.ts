/**
 * Test helper: a least-squares problem's analytic Jacobian beside central differences of its residuals,
 * entry by entry (step 1e-6 of the parameter, at least 1e-9). Parameters whose ±step would leave `bounds`
 * are skipped; rows before `fromRow` are left out. The residuals must be defined at every step (asserted
 * by the caller through `ok`).
 */
import type { Bounds, LeastSquaresProblem } from '../least-squares.ts';

export interface JacobianEntry {
  readonly row: number;
  readonly parameter: number;
  readonly analytic: number;
  readonly difference: number;
}

export function jacobianAgainstCentralDifferences(
  problem: LeastSquaresProblem,
  x: Float64Array,
  options: { readonly fromRow?: number; readonly bounds?: Bounds } = {},
): { readonly ok: boolean; readonly entries: JacobianEntry[] } {
  const m = problem.residualCount;
  const P = problem.parameterCount;
  const jacobian = new Float64Array(m * P);
  problem.jacobian!(x, jacobian);
  const up = new Float64Array(m);
  const down = new Float64Array(m);
  const entries: JacobianEntry[] = [];
  let ok = true;
  for (let j = 0; j < P; j++) {
    const h = 1e-6 * Math.max(Math.abs(x[j]!), 1e-3);
    const xu = Float64Array.from(x);
    const xd = Float64Array.from(x);
    xu[j] = x[j]! + h;
    xd[j] = x[j]! - h;
    if (options.bounds !== undefined && (xd[j]! < options.bounds.lower[j]! || xu[j]! > options.bounds.upper[j]!)) continue;
    if (!(problem.residuals(xu, up) && problem.residuals(xd, down))) ok = false;
    for (let r = options.fromRow ?? 0; r < m; r++) {
      entries.push({ row: r, parameter: j, analytic: jacobian[r * P + j]!, difference: (up[r]! - down[r]!) / (2 * h) });
    }
  }
  return { ok, entries };
}
