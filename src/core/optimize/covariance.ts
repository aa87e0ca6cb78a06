/**
 * Parameter covariance, standard errors and correlations of a least-squares fit from the Jacobian at the
 * solution: Cov = (JᵀJ)⁻¹·s², s² = 2·cost/(m − k) = Σr²/(m − k), k the number of free parameters (the
 * Gauss–Newton approximation of the Hessian; Seber & Wild, "Nonlinear Regression", 1989, §2.1). For a linear
 * model this is the textbook OLS covariance exactly.
 *
 * Computed from a Householder QR of J with unit-norm columns, Cov = S⁻¹R⁻¹R⁻ᵀS⁻¹·s², never by inverting
 * JᵀJ: the QR works with cond(J) rather than cond(J)², so standard errors keep ≈ 16 − log10 cond(J) digits.
 *
 * Identifiability: with unit columns, |R_jj| is the sine of the angle between column j and the span of the
 * columns before it. When it is at most `rankTolerance` parameter j is reported as unidentified (the later
 * parameter of a collinear group is the one named) and no covariance is returned: with a singular JᵀJ the
 * other parameters' errors depend on how the null space is resolved, so any number (a pseudo-inverse's, or
 * infinity) would mislead; the caller should fix or reparameterise the named parameter and fit again.
 */
import type { LevenbergMarquardtResult } from './levenberg-marquardt.ts';

export type CovarianceResult =
  | {
      readonly ok: true;
      /** n×n row-major; rows and columns of fixed parameters are zero. */
      readonly covariance: Float64Array;
      /** √Cov_jj; zero for fixed parameters (they were not estimated). */
      readonly standardErrors: Float64Array;
      /** n×n row-major Cov_ij/(σ_i σ_j), defined from J alone (also at zero cost); 1 on the diagonal, 0 off it for fixed parameters. */
      readonly correlation: Float64Array;
      /** s² = Σr²/(m − k). */
      readonly residualVariance: number;
      /** m − k. */
      readonly degreesOfFreedom: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'no_degrees_of_freedom' | 'unidentified';
      readonly message: string;
      /** Parameters the data do not determine (empty for no_degrees_of_freedom). */
      readonly unidentified: readonly number[];
    };

/**
 * Default rank tolerance for an analytic Jacobian: a column within a relative 1e-10 of the others' span
 * is numerically collinear when J itself is accurate to ≈ 1e-13 or better (closed forms, pricing formulas).
 */
export const ANALYTIC_RANK_TOLERANCE = 1e-10;
/** For a forward-difference Jacobian, accurate to ≈ √ε ≈ 1e-8: a hundredfold margin above that. */
export const DIFFERENCED_RANK_TOLERANCE = 1e-6;

export function covarianceFromJacobian(
  jacobian: Float64Array,
  residualCount: number,
  parameterCount: number,
  cost: number,
  fixed?: Uint8Array,
  rankTolerance: number = ANALYTIC_RANK_TOLERANCE,
): CovarianceResult {
  const m = residualCount;
  const n = parameterCount;
  if (jacobian.length !== m * n) {
    throw new RangeError(`covarianceFromJacobian: jacobian has length ${jacobian.length}, expected ${m}·${n}`);
  }
  const free: number[] = [];
  for (let j = 0; j < n; j++) if (fixed?.[j] !== 1) free.push(j);
  const k = free.length;
  if (m <= k) {
    return {
      ok: false,
      reason: 'no_degrees_of_freedom',
      message: `${m} residuals for ${k} free parameters leave no degrees of freedom`,
      unidentified: [],
    };
  }

  // All arrays are views of one buffer: each typed array over 64 bytes would otherwise get its own off-heap
  // store (~1.5 µs in V8 to create and collect), and this runs once per smile fit.
  const buffer = new Float64Array(m * k + 2 * k + 2 * k * k + 2 * n * n + n);
  let offset = 0;
  const take = (length: number): Float64Array => buffer.subarray(offset, (offset += length));
  // Column-major copy of the free columns, scaled to unit norm.
  const a = take(m * k);
  const columnNorm = take(k);
  for (let c = 0; c < k; c++) {
    const j = free[c]!;
    let sum = 0;
    for (let i = 0; i < m; i++) sum += jacobian[i * n + j]! ** 2;
    const norm = Math.sqrt(sum);
    columnNorm[c] = norm;
    if (norm > 0) for (let i = 0; i < m; i++) a[c * m + i] = jacobian[i * n + j]! / norm;
  }

  // Householder QR; a column numerically in the span of the earlier ones is flagged and takes no row.
  const unidentified: number[] = [];
  const diagonal = take(k);
  let rank = 0;
  for (let c = 0; c < k; c++) {
    const rcc = columnNorm[c]! > 0 && Number.isFinite(columnNorm[c]!) ? householderColumn(a, m, k, c, rank, rankTolerance) : 0;
    if (rcc === 0) {
      unidentified.push(free[c]!);
      continue;
    }
    diagonal[c] = rcc;
    rank++;
  }
  if (unidentified.length > 0) {
    return {
      ok: false,
      reason: 'unidentified',
      message: `parameters ${unidentified.join(', ')} are not determined by the data (collinear with earlier parameters or without effect)`,
      unidentified,
    };
  }

  // R⁻¹ (upper triangular, k×k row-major) by back substitution; R_cc = diagonal, R_rc (r < c) = a[c·m + r].
  const rInverse = take(k * k);
  for (let c = 0; c < k; c++) {
    rInverse[c * k + c] = 1 / diagonal[c]!;
    for (let row = c - 1; row >= 0; row--) {
      let s = 0;
      for (let t = row + 1; t <= c; t++) s += a[t * m + row]! * rInverse[t * k + c]!;
      rInverse[row * k + c] = -s / diagonal[row]!;
    }
  }
  // (JsᵀJs)⁻¹ = R⁻¹R⁻ᵀ for the scaled columns.
  const scaled = take(k * k);
  for (let p = 0; p < k; p++) {
    for (let q = 0; q <= p; q++) {
      let s = 0;
      for (let t = p; t < k; t++) s += rInverse[p * k + t]! * rInverse[q * k + t]!;
      scaled[p * k + q] = s;
      scaled[q * k + p] = s;
    }
  }

  const degreesOfFreedom = m - k;
  const residualVariance = (2 * cost) / degreesOfFreedom;
  const covariance = take(n * n);
  const correlation = take(n * n);
  const standardErrors = take(n);
  for (let j = 0; j < n; j++) correlation[j * n + j] = 1;
  for (let p = 0; p < k; p++) {
    const jp = free[p]!;
    for (let q = 0; q < k; q++) {
      const jq = free[q]!;
      const v = scaled[p * k + q]!;
      covariance[jp * n + jq] = (v / (columnNorm[p]! * columnNorm[q]!)) * residualVariance;
      if (p !== q) correlation[jp * n + jq] = v / Math.sqrt(scaled[p * k + p]! * scaled[q * k + q]!);
    }
    standardErrors[jp] = Math.sqrt(covariance[jp * n + jp]!);
  }
  return { ok: true, covariance, standardErrors, correlation, residualVariance, degreesOfFreedom };
}

/** covarianceFromJacobian for a Levenberg–Marquardt result, with the rank tolerance its Jacobian deserves. */
export function covarianceFromFit(result: LevenbergMarquardtResult, fixed?: Uint8Array): CovarianceResult {
  const m = result.residuals.length;
  const n = result.x.length;
  const tolerance = result.analyticJacobian ? ANALYTIC_RANK_TOLERANCE : DIFFERENCED_RANK_TOLERANCE;
  return covarianceFromJacobian(result.jacobian, m, n, result.cost, fixed, tolerance);
}

/**
 * One Householder step (Golub & Van Loan, "Matrix Computations", 4th ed., alg. 5.1.1) on column c of the
 * column-major m×k matrix `a`, acting on rows `row` … m−1: when that part of the column has norm above
 * `tolerance`, zeroes it below `row`, applies the reflection to columns c+1 … and returns R at (row, c)
 * (entries above it stay in a[c·m + 0 … row−1]); otherwise leaves everything alone and returns 0.
 */
function householderColumn(a: Float64Array, m: number, k: number, c: number, row: number, tolerance: number): number {
  const base = c * m;
  let sum = 0;
  for (let i = row; i < m; i++) sum += a[base + i]! ** 2; // unit columns: no overflow to guard against
  const norm = Math.sqrt(sum);
  if (!(norm > tolerance)) return 0;
  const head = a[base + row]!;
  const alpha = head > 0 ? -norm : norm; // signed so that v_row = head − alpha does not cancel
  a[base + row] = head - alpha;
  let vv = 0;
  for (let i = row; i < m; i++) vv += a[base + i]! ** 2;
  for (let t = c + 1; t < k; t++) {
    const other = t * m;
    let dot = 0;
    for (let i = row; i < m; i++) dot += a[base + i]! * a[other + i]!;
    const f = (2 * dot) / vv;
    for (let i = row; i < m; i++) a[other + i] = a[other + i]! - f * a[base + i]!;
  }
  return alpha;
}
