/**
 * Bounded Levenberg–Marquardt for the small nonlinear least-squares problems of smile and model
 * calibration (n ≤ ~10 parameters, m ≤ a few hundred residuals): minimise cost(x) = ½‖r(x)‖² subject to
 * lower ≤ x ≤ upper, with some parameters optionally held fixed.
 *
 * Method, and where each piece comes from:
 * - Step: the damped normal equations (JᵀJ + λD²)δ = −Jᵀr solved by Cholesky on the n×n system, with
 *   Moré's diagonal scaling D_j = max over iterations of ‖∂r/∂x_j‖ (Moré, "The Levenberg–Marquardt
 *   algorithm: implementation and theory", 1978, §6), which makes the method invariant to parameter units.
 *   Normal equations square cond(J), which is harmless at these sizes: the minimiser is defined by r, not by
 *   the step, and near-singular systems only make steps rejected, never accepted wrongly.
 * - Damping: Nielsen's update (H. B. Nielsen, "Damping parameter in Marquardt's method", IMM-REP-1999-05;
 *   Madsen, Nielsen & Tingleff, "Methods for non-linear least squares problems", 2004, §3.2):
 *   on acceptance λ ← λ·max(1/3, 1 − (2ρ − 1)³), ν ← 2; on rejection λ ← λ·ν, ν ← 2ν. Chosen over Moré's
 *   trust region because it needs one factorisation per trial step (Moré's λ search needs several) and
 *   reaches comparable iteration counts on the Moré–Garbow–Hillstrom set (see the tests).
 * - Bounds: projected steps with an active set (Kanzow, Yamashita & Fukushima, "Levenberg–Marquardt methods
 *   with strong local convergence properties for solving nonlinear equations with convex constraints",
 *   J. Comput. Appl. Math. 172, 2004). A parameter on a bound whose gradient points out of the box is held
 *   for the iteration; the others take the reduced LM step, clamped into the box. Preferred to a smooth
 *   transform (x = l + (u − l)·sin²θ, ...) because the Jacobian stays the model's own, so the covariance at
 *   the solution needs no chain rule and does not blow up at a bound.
 * - Stopping: MINPACK lmder's tests in its relative sense (Moré, Garbow & Hillstrom, "User guide for
 *   MINPACK-1", ANL-80-74, 1980, §2.3), see LevenbergMarquardtOptions.
 *
 * All scratch is allocated once per call; the iteration allocates nothing. Deterministic: no randomness,
 * no clock, a fixed order of floating-point operations.
 */
import { choleskyFactor, choleskySolve } from './cholesky.ts';
import { allFinite, forwardDifferenceJacobian } from './forward-difference-jacobian.ts';
import type { DifferenceWorkspace } from './forward-difference-jacobian.ts';
import { isConverged } from './least-squares.ts';
import type { Bounds, LeastSquaresProblem, StopReason } from './least-squares.ts';

// The covariance of a fit belongs with the fit: callers import it from here or from covariance.ts.
export { covarianceFromFit, covarianceFromJacobian, type CovarianceResult } from './covariance.ts';

export interface LevenbergMarquardtOptions {
  /** Jacobian evaluations (outer iterations) before stopping with `max_iterations`. Default 200. */
  readonly maxIterations: number;
  /**
   * Residual evaluations (trial points and finite-difference columns) before stopping with
   * `max_evaluations`. Default 2000. The final Jacobian, which the result always carries, may add n more.
   */
  readonly maxEvaluations: number;
  /**
   * Stop (`converged_ftol`) when both the actual and the predicted relative reductions of the cost in a step
   * are at most ftol. Default 1e-12: the cost then has ≈ 12 correct digits. The parameters are known less
   * well — an excess cost Δ ≤ ftol·cost moves them by up to √(ftol·(m − n)) ≈ 1e-6·√(m − n) standard
   * errors, and by ≈ 1e-10 relative on the test problems — far inside any statistical uncertainty; a
   * looser value saves only an iteration or two on these small problems.
   */
  readonly ftol: number;
  /**
   * Stop (`converged_xtol`) when the scaled step ‖Dδ‖ ≤ xtol·(‖Dx‖ + xtol), whether the step was taken or
   * rejected (repeated rejections — cost increases or undefined residuals — shrink it: x is then pinned
   * to xtol against the cost's or the domain's resolution, as in MINPACK). Default 1e-12: steps that small
   * are at the rounding level of a well-conditioned problem, and on an exact fit the first Gauss–Newton
   * step after convergence is this small, so exact fits stop here.
   */
  readonly xtol: number;
  /**
   * Stop (`converged_gtol`) when the largest cosine between r and a free column of J,
   * |(Jᵀr)_j| / (‖J_j‖·‖r‖), is at most gtol: r is orthogonal to the tangent space, a stationary point.
   * Default 1e-12, just above the rounding level (≈ ε·√m) of the computed cosines.
   */
  readonly gtol: number;
  /** Box constraints; ±Infinity for none. A start outside the box is projected into it. */
  readonly bounds?: Bounds;
  /** fixed[j] = 1: parameter j stays exactly at its start value (QuantLib's fixed-parameter mask). */
  readonly fixed?: Uint8Array;
  /**
   * Relative step η of the forward-difference Jacobian used when the problem has no analytic one:
   * h_j = η·max(|x_j|, 1). Default √ε ≈ 1.49e-8 (see forward-difference-jacobian.ts).
   */
  readonly finiteDifferenceStep?: number;
  /**
   * Initial damping τ, relative to the scaling: λ₀ = τ with D² = diag(JᵀJ) at the start. Default 1e-3
   * (Madsen–Nielsen–Tingleff's advice for a start of unknown quality; use ~1e-6 for warm starts).
   */
  readonly initialDamping?: number;
  /**
   * Absolute cost at or below which the fit counts as exact (`converged_zero_cost`). The threshold used is
   * max(this, ε²·cost(start)): the residual norm has fallen to rounding relative to the start. Default 0.
   */
  readonly zeroCost?: number;
}

export interface LevenbergMarquardtResult {
  /** The best point found (the start's projection when nothing better was found). */
  readonly x: Float64Array;
  /** ½Σr² at x; +Infinity only with `invalid_start`. */
  readonly cost: number;
  /** r(x); filled with +Infinity only with `invalid_start`. */
  readonly residuals: Float64Array;
  /** J(x), row-major m×n, for covariance; columns of fixed parameters are zero when differenced. */
  readonly jacobian: Float64Array;
  /** Outer iterations, each one Jacobian and one or more trial steps. */
  readonly iterations: number;
  /** Residual evaluations, including finite-difference columns. */
  readonly evaluations: number;
  readonly jacobianEvaluations: number;
  readonly stopReason: StopReason;
  readonly converged: boolean;
  /** True when problem.jacobian was used, false for forward differences. */
  readonly analyticJacobian: boolean;
}

const EPSILON = Number.EPSILON;
// Nielsen's λ can shrink by 3 per accepted step; below ε² relative to D² it has no effect, and a floor keeps
// the rejection update λ·ν from being stuck at an underflowed zero.
const MIN_DAMPING = EPSILON * EPSILON;

export function levenbergMarquardt(
  problem: LeastSquaresProblem,
  start: Float64Array,
  options: Partial<LevenbergMarquardtOptions> = {},
): LevenbergMarquardtResult {
  const n = problem.parameterCount;
  const m = problem.residualCount;
  if (!(n >= 1 && m >= 1) || start.length !== n) {
    throw new RangeError(`levenbergMarquardt: need n ≥ 1, m ≥ 1 and start.length = n (n = ${n}, m = ${m}, start.length = ${start.length})`);
  }
  const maxIterations = options.maxIterations ?? 200;
  const maxEvaluations = options.maxEvaluations ?? 2000;
  const ftol = options.ftol ?? 1e-12;
  const xtol = options.xtol ?? 1e-12;
  const gtol = options.gtol ?? 1e-12;
  const fdStep = options.finiteDifferenceStep ?? Math.sqrt(EPSILON);
  const tau = options.initialDamping ?? 1e-3;
  const lower = options.bounds?.lower;
  const upper = options.bounds?.upper;
  const fixed = options.fixed;
  checkConstraints(n, lower, upper, fixed);
  const analytic = problem.jacobian !== undefined;

  // Scratch, allocated once, as views of one buffer: a typed array over 64 bytes has its own off-heap store,
  // which costs V8 ~1.5 µs to create and collect, a tenth of a whole smile fit's iteration budget.
  const scratch = new Float64Array(m * n + 2 * n * n + 3 * m + 8 * n);
  let offset = 0;
  const take = (length: number): Float64Array => scratch.subarray(offset, (offset += length));
  const jacobian = take(m * n);
  const normal = take(n * n); // JᵀJ
  const factor = take(n * n); // Cholesky factor of the damped reduced system
  let r = take(m);
  let rTrial = take(m);
  const shifted = take(m);
  let x = take(n);
  let xTrial = take(n);
  const gradient = take(n); // Jᵀr
  const scale = take(n); // D
  const columnNorm = take(n);
  const step = take(n); // projected step s = xTrial − x
  const solution = take(n); // reduced LM step
  const point = take(n);
  const free = new Int32Array(n);
  const work: DifferenceWorkspace = { point, shifted, lower, upper, fixed };

  for (let j = 0; j < n; j++) {
    const s = start[j]!;
    x[j] = fixed?.[j] === 1 ? s : Math.min(Math.max(s, lower?.[j] ?? -Infinity), upper?.[j] ?? Infinity);
  }
  let evaluations = 1;
  if (!allFinite(x, n) || !problem.residuals(x, r) || !allFinite(r, m)) {
    return {
      x: Float64Array.from(x, (v) => (Number.isFinite(v) ? v : 0)),
      cost: Infinity,
      residuals: new Float64Array(m).fill(Infinity),
      jacobian,
      iterations: 0,
      evaluations,
      jacobianEvaluations: 0,
      stopReason: 'invalid_start',
      converged: false,
      analyticJacobian: analytic,
    };
  }

  let cost = halfSumOfSquares(r, m);
  const zeroCost = Math.max(options.zeroCost ?? 0, EPSILON * EPSILON * cost);
  let iterations = 0;
  let jacobianEvaluations = 0;
  let jacobianCurrent = false;
  let lambda = tau;
  let nu = 2;
  let reason: StopReason | undefined = cost <= zeroCost ? 'converged_zero_cost' : undefined;

  // J at the current x; false when an analytic Jacobian is not finite (its bad entries are zeroed).
  const evaluateJacobian = (): boolean => {
    jacobianEvaluations++;
    if (problem.jacobian !== undefined) problem.jacobian(x, jacobian);
    else evaluations += forwardDifferenceJacobian(problem, x, r, fdStep, work, jacobian);
    if (allFinite(jacobian, m * n)) return true;
    for (let k = 0; k < m * n; k++) if (!Number.isFinite(jacobian[k]!)) jacobian[k] = 0;
    return false;
  };

  outer: while (reason === undefined) {
    const finiteJacobian = evaluateJacobian();
    jacobianCurrent = true;
    if (!finiteJacobian) {
      reason = 'no_progress'; // an analytic Jacobian that is not finite where r is: nothing safe to do
      break;
    }
    formNormalEquations(jacobian, r, m, n, normal, gradient, columnNorm);
    for (let j = 0; j < n; j++) {
      const c = columnNorm[j]!;
      scale[j] = iterations === 0 ? (c > 0 ? c : 1) : Math.max(scale[j]!, c);
    }

    // Active set: hold fixed parameters and those on a bound that the gradient pushes outwards.
    const residualNorm = Math.sqrt(2 * cost);
    let freeCount = 0;
    let worstCosine = 0;
    for (let j = 0; j < n; j++) {
      if (fixed?.[j] === 1) continue;
      const g = gradient[j]!;
      const lo = lower?.[j] ?? -Infinity;
      const hi = upper?.[j] ?? Infinity;
      if (lo === hi || (x[j]! <= lo && g > 0) || (x[j]! >= hi && g < 0)) continue;
      free[freeCount++] = j;
      const c = columnNorm[j]!;
      if (c > 0) worstCosine = Math.max(worstCosine, Math.abs(g) / (c * residualNorm));
    }
    if (worstCosine <= gtol) {
      reason = 'converged_gtol';
      break;
    }
    if (iterations >= maxIterations) {
      reason = 'max_iterations';
      break;
    }
    iterations++;
    let xNorm = 0;
    for (let j = 0; j < n; j++) xNorm += (scale[j]! * x[j]!) ** 2;
    xNorm = Math.sqrt(xNorm);

    // Trial steps at increasing damping until one is accepted or a test stops the search.
    while (true) {
      if (evaluations >= maxEvaluations) {
        reason = 'max_evaluations';
        break outer;
      }
      for (let a = 0; a < freeCount; a++) {
        const ja = free[a]!;
        for (let b = 0; b <= a; b++) factor[a * n + b] = normal[ja * n + free[b]!]!;
        factor[a * n + a] = factor[a * n + a]! + lambda * scale[ja]! * scale[ja]!;
        solution[a] = -gradient[ja]!;
      }
      if (!choleskyFactor(factor, freeCount, n)) {
        if (!raiseDamping()) {
          reason = 'no_progress';
          break outer;
        }
        continue;
      }
      choleskySolve(factor, freeCount, n, solution);

      let stepNorm = 0;
      xTrial.set(x);
      step.fill(0);
      for (let a = 0; a < freeCount; a++) {
        const j = free[a]!;
        const d = solution[a]!;
        stepNorm += (scale[j]! * d) ** 2;
        const v = Math.min(Math.max(x[j]! + d, lower?.[j] ?? -Infinity), upper?.[j] ?? Infinity);
        xTrial[j] = v;
        step[j] = v - x[j]!;
      }
      stepNorm = Math.sqrt(stepNorm);
      const predicted = predictedReduction(normal, gradient, step, free, freeCount, n);
      const smallStep = stepNorm <= xtol * (xNorm + xtol);

      let trialCost = Infinity;
      if (predicted > 0) {
        evaluations++;
        if (problem.residuals(xTrial, rTrial) && allFinite(rTrial, m)) trialCost = halfSumOfSquares(rTrial, m);
      }
      const actual = cost - trialCost;
      const ratio = predicted > 0 ? actual / predicted : -Infinity;
      const smallReduction = Math.abs(actual) <= ftol * cost && predicted <= ftol * cost && ratio <= 2;

      if (ratio > 0 && trialCost < cost) {
        const xOld = x;
        x = xTrial;
        xTrial = xOld;
        const rOld = r;
        r = rTrial;
        rTrial = rOld;
        cost = trialCost;
        jacobianCurrent = false;
        lambda = Math.max(lambda * Math.max(1 / 3, 1 - (2 * ratio - 1) ** 3), MIN_DAMPING);
        nu = 2;
        if (cost <= zeroCost) reason = 'converged_zero_cost';
        else if (smallReduction) reason = 'converged_ftol';
        else if (smallStep) reason = 'converged_xtol';
        break;
      }
      if (smallReduction) reason = 'converged_ftol';
      else if (smallStep) reason = 'converged_xtol';
      else if (!raiseDamping()) reason = 'no_progress';
      if (reason !== undefined) break outer;
    }
  }

  /** Nielsen's rejection update; false once λ or ν overflows (no step of any length helps). */
  function raiseDamping(): boolean {
    lambda *= nu;
    nu *= 2;
    return Number.isFinite(lambda) && Number.isFinite(nu);
  }

  const stopReason: StopReason = reason;
  if (!jacobianCurrent) evaluateJacobian();
  return {
    x: Float64Array.from(x),
    cost,
    residuals: r, // a view of the scratch, which nothing touches after this
    jacobian,
    iterations,
    evaluations,
    jacobianEvaluations,
    stopReason,
    converged: isConverged(stopReason),
    analyticJacobian: analytic,
  };
}

function checkConstraints(
  n: number,
  lower: Float64Array | undefined,
  upper: Float64Array | undefined,
  fixed: Uint8Array | undefined,
): void {
  if ((lower !== undefined && lower.length !== n) || (upper !== undefined && upper.length !== n)) {
    throw new RangeError(`levenbergMarquardt: bounds must have length ${n}`);
  }
  if (fixed !== undefined && fixed.length !== n) throw new RangeError(`levenbergMarquardt: fixed must have length ${n}`);
  for (let j = 0; j < n; j++) {
    const lo = lower?.[j] ?? -Infinity;
    const hi = upper?.[j] ?? Infinity;
    if (!(lo <= hi)) throw new RangeError(`levenbergMarquardt: bounds of parameter ${j} are [${lo}, ${hi}]`);
  }
}

function halfSumOfSquares(r: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += r[i]! * r[i]!;
  return 0.5 * s;
}

/** JᵀJ (full, symmetric), Jᵀr and the column norms ‖J_j‖ = √(JᵀJ)_jj. */
function formNormalEquations(
  jacobian: Float64Array,
  r: Float64Array,
  m: number,
  n: number,
  normal: Float64Array,
  gradient: Float64Array,
  columnNorm: Float64Array,
): void {
  normal.fill(0);
  gradient.fill(0);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    const ri = r[i]!;
    for (let a = 0; a < n; a++) {
      const ja = jacobian[row + a]!;
      if (ja === 0) continue;
      gradient[a] = gradient[a]! + ja * ri;
      for (let b = 0; b <= a; b++) normal[a * n + b] = normal[a * n + b]! + ja * jacobian[row + b]!;
    }
  }
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < a; b++) normal[b * n + a] = normal[a * n + b]!;
    columnNorm[a] = Math.sqrt(normal[a * n + a]!);
  }
}

/** Decrease of the Gauss–Newton model ½‖r + Js‖² for the (projected) step s: −gᵀs − ½sᵀ(JᵀJ)s. */
function predictedReduction(
  normal: Float64Array,
  gradient: Float64Array,
  step: Float64Array,
  free: Int32Array,
  freeCount: number,
  n: number,
): number {
  let linear = 0;
  let quadratic = 0;
  for (let a = 0; a < freeCount; a++) {
    const ja = free[a]!;
    const sa = step[ja]!;
    linear += gradient[ja]! * sa;
    let row = 0;
    for (let b = 0; b < freeCount; b++) row += normal[ja * n + free[b]!]! * step[free[b]!]!;
    quadratic += sa * row;
  }
  return -linear - 0.5 * quadratic;
}
