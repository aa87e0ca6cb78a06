import { test } from 'node:test';
import assert from 'node:assert/strict';
import { levenbergMarquardt } from './levenberg-marquardt.ts';
import type { LevenbergMarquardtResult } from './levenberg-marquardt.ts';
import { isConverged } from './least-squares.ts';
import type { LeastSquaresProblem } from './least-squares.ts';
import { meyer, osborne1, rosenbrock, testProblems, withoutJacobian } from './testing/test-problems.ts';

function assertFiniteResult(result: LevenbergMarquardtResult): void {
  assert.ok(Number.isFinite(result.cost), `cost ${result.cost}`);
  for (const array of [result.x, result.residuals, result.jacobian]) {
    assert.ok(array.every(Number.isFinite), `non-finite entry in ${String(array)}`);
  }
  assert.equal(result.converged, isConverged(result.stopReason));
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

test('levenbergMarquardt takes Rosenbrock from (−1.2, 1) to (1, 1) within 1e-10', () => {
  const result = levenbergMarquardt(rosenbrock, Float64Array.from(rosenbrock.start));
  assert.ok(result.converged, result.stopReason);
  assert.ok(Math.abs(result.x[0]! - 1) <= 1e-10 && Math.abs(result.x[1]! - 1) <= 1e-10, String(result.x));
  assert.ok(result.iterations <= 25, `${result.iterations} iterations`);
  assertFiniteResult(result);
});

for (const problem of testProblems) {
  const exact = problem.sumOfSquares === 0;
  test(`levenbergMarquardt reaches the published minimum of ${problem.name} (Σr² = ${problem.sumOfSquares}) with its analytic Jacobian`, () => {
    const result = levenbergMarquardt(problem, Float64Array.from(problem.start));
    assert.ok(result.converged, result.stopReason);
    assert.ok(result.analyticJacobian);
    assertFiniteResult(result);
    const sumOfSquares = 2 * result.cost;
    // Exact zeros end at rounding level: Brown's r₁ = x₁ − 1e6 alone is an ulp of 1e6 ≈ 1e-10.
    if (exact) assert.ok(sumOfSquares <= 1e-18, `Σr² = ${sumOfSquares}`);
    else assert.ok(relativeError(sumOfSquares, problem.sumOfSquares) <= 1e-9, `Σr² = ${sumOfSquares}`);
    // The minimiser to 1e-5 relative (absolute near zero): costs are flat, so x is determined only to ≈ √ftol.
    problem.minimiser?.forEach((expected, j) => {
      assert.ok(Math.abs(result.x[j]! - expected) <= 1e-5 * Math.max(Math.abs(expected), 0.1), `x[${j}] = ${result.x[j]}, expected ${expected}`);
    });
  });

  test(`levenbergMarquardt finds the same minimum of ${problem.name} with a forward-difference Jacobian`, () => {
    const result = levenbergMarquardt(withoutJacobian(problem), Float64Array.from(problem.start));
    assert.ok(result.converged, result.stopReason);
    assert.equal(result.analyticJacobian, false);
    assertFiniteResult(result);
    const sumOfSquares = 2 * result.cost;
    if (exact) assert.ok(sumOfSquares <= 1e-18, `Σr² = ${sumOfSquares}`);
    else assert.ok(relativeError(sumOfSquares, problem.sumOfSquares) <= 1e-8, `Σr² = ${sumOfSquares}`);
    problem.minimiser?.forEach((expected, j) => {
      assert.ok(Math.abs(result.x[j]! - expected) <= 1e-4 * Math.max(Math.abs(expected), 0.1), `x[${j}] = ${result.x[j]}, expected ${expected}`);
    });
    // Differenced columns agree with the analytic Jacobian at the solution to ≈ √ε relative.
    const analytic = new Float64Array(problem.residualCount * problem.parameterCount);
    problem.jacobian(result.x, analytic);
    let scale = 0;
    for (const v of analytic) scale = Math.max(scale, Math.abs(v));
    for (let k = 0; k < analytic.length; k++) {
      assert.ok(Math.abs(result.jacobian[k]! - analytic[k]!) <= 1e-6 * scale, `J[${k}] = ${result.jacobian[k]}, analytic ${analytic[k]}`);
    }
  });
}

test('the returned residuals and Jacobian are those at the returned x', () => {
  const result = levenbergMarquardt(osborne1, Float64Array.from(osborne1.start));
  const r = new Float64Array(osborne1.residualCount);
  const j = new Float64Array(osborne1.residualCount * osborne1.parameterCount);
  osborne1.residuals(result.x, r);
  osborne1.jacobian(result.x, j);
  assert.deepEqual(result.residuals, r);
  assert.deepEqual(result.jacobian, j);
  let sum = 0;
  for (const v of r) sum += v * v;
  assert.equal(result.cost, 0.5 * sum);
});

// Where the minimum cost is far from zero, ftol = 1e-12 fixes the cost to ≈ 12 digits but x only to where
// the remaining excess cost is below that, so those tests ask for x to 1e-9, not to rounding.
test('an upper bound that cuts off Rosenbrock’s minimum stops on the bound at the constrained minimum (0.5, 0.25)', () => {
  // With x₁ ≤ ½ the minimum of 100(x₂ − x₁²)² + (1 − x₁)² is at x₁ = ½, x₂ = ¼, cost ½·¼.
  const bounds = { lower: Float64Array.of(-Infinity, -Infinity), upper: Float64Array.of(0.5, Infinity) };
  const result = levenbergMarquardt(rosenbrock, Float64Array.from(rosenbrock.start), { bounds });
  assert.ok(result.converged, result.stopReason);
  assert.equal(result.x[0], 0.5);
  assert.ok(Math.abs(result.x[1]! - 0.25) <= 1e-9, String(result.x[1]));
  assert.ok(Math.abs(result.cost - 0.125) <= 1e-15, String(result.cost));
  assertFiniteResult(result);
});

test('a linear problem whose minimum lies outside the box stops at the nearest corner', () => {
  // r = x − c: the bounded minimiser is c clamped to the box, coordinate by coordinate.
  const c = Float64Array.of(3, -2, 0.25);
  const problem: LeastSquaresProblem = {
    parameterCount: 3,
    residualCount: 3,
    residuals(x, out) {
      for (let j = 0; j < 3; j++) out[j] = x[j]! - c[j]!;
      return true;
    },
    jacobian(_x, out) {
      out.fill(0);
      out[0] = out[4] = out[8] = 1;
    },
  };
  const bounds = { lower: Float64Array.of(-1, -1, -1), upper: Float64Array.of(1, 1, 1) };
  const result = levenbergMarquardt(problem, Float64Array.of(0, 0, 0), { bounds });
  assert.ok(result.converged, result.stopReason);
  assert.equal(result.x[0], 1);
  assert.equal(result.x[1], -1);
  assert.ok(Math.abs(result.x[2]! - 0.25) <= 1e-10, String(result.x[2]));
  assert.ok(Math.abs(result.cost - 0.5 * (4 + 1)) <= 1e-15);
});

test('a bound that is active at the solution gives the same fit as fixing that parameter at the bound (Osborne 1, x₅ ≤ 0.02)', () => {
  // Unconstrained x₅ = 0.02212…; with x₅ ≤ 0.02 the bound is active, so the bounded fit must equal the fit
  // with x₅ held at 0.02 — two different code paths (active set vs fixed mask) to the same point.
  const n = osborne1.parameterCount;
  const upper = new Float64Array(n).fill(Infinity);
  upper[4] = 0.02;
  const bounds = { lower: new Float64Array(n).fill(-Infinity), upper };
  const bounded = levenbergMarquardt(osborne1, Float64Array.from(osborne1.start), { bounds });
  const start = Float64Array.from(osborne1.start);
  start[4] = 0.02;
  const fixed = Uint8Array.of(0, 0, 0, 0, 1);
  const held = levenbergMarquardt(osborne1, start, { fixed });
  assert.ok(bounded.converged && held.converged, `${bounded.stopReason}, ${held.stopReason}`);
  assert.equal(bounded.x[4], 0.02);
  assert.ok(relativeError(bounded.cost, held.cost) <= 1e-10, `${bounded.cost} vs ${held.cost}`);
  for (let j = 0; j < 4; j++) assert.ok(Math.abs(bounded.x[j]! - held.x[j]!) <= 1e-6 * Math.abs(held.x[j]!), `x[${j}]`);
  // KKT: at the upper bound the cost gradient ∂cost/∂x₅ = (Jᵀr)₅ is negative (it would like x₅ larger).
  let g = 0;
  for (let i = 0; i < osborne1.residualCount; i++) g += bounded.jacobian[i * n + 4]! * bounded.residuals[i]!;
  assert.ok(g < 0, `gradient ${g}`);
  assert.ok(bounded.cost > 0.5 * osborne1.sumOfSquares);
});

test('a start outside the box is projected into it', () => {
  const bounds = { lower: Float64Array.of(-1, -1), upper: Float64Array.of(0.5, 2) };
  const result = levenbergMarquardt(rosenbrock, Float64Array.of(5, 5), { bounds });
  assert.ok(result.converged, result.stopReason);
  assert.equal(result.x[0], 0.5);
  assert.ok(Math.abs(result.x[1]! - 0.25) <= 1e-9);
});

test('a fixed parameter stays exactly at its start value and the others reach the conditional minimum', () => {
  // Rosenbrock with x₁ held at 0.3: the minimum over x₂ is x₂ = 0.09, cost ½(1 − 0.3)².
  const result = levenbergMarquardt(rosenbrock, Float64Array.of(0.3, -4), { fixed: Uint8Array.of(1, 0) });
  assert.ok(result.converged, result.stopReason);
  assert.ok(Object.is(result.x[0], 0.3));
  assert.ok(Math.abs(result.x[1]! - 0.09) <= 1e-9, String(result.x[1]));
  assert.ok(Math.abs(result.cost - 0.5 * 0.49) <= 1e-15);
});

test('a fixed parameter outside its bounds is still held at its start value, and its difference column is zero', () => {
  const bounds = { lower: Float64Array.of(0, -10), upper: Float64Array.of(0.1, 10) };
  const result = levenbergMarquardt(withoutJacobian(rosenbrock), Float64Array.of(0.3, 1), { bounds, fixed: Uint8Array.of(1, 0) });
  assert.ok(Object.is(result.x[0], 0.3));
  assert.ok(Math.abs(result.x[1]! - 0.09) <= 1e-9);
  assert.equal(result.jacobian[0], 0);
  assert.equal(result.jacobian[2], 0);
});

// r(x) = ln x − ln 4 is undefined for x ≤ 0. From x = 100 the Gauss–Newton step is −(ln 25)·100 ≈ −322,
// which lands at x ≈ −222: the optimiser must reject it, damp, and still reach x = 4.
const logProblem = (signal: 'false' | 'nan'): LeastSquaresProblem => ({
  parameterCount: 1,
  residualCount: 1,
  residuals(x, out) {
    if (x[0]! <= 0 && signal === 'false') return false;
    out[0] = Math.log(x[0]!) - Math.log(4);
    return true;
  },
  jacobian(x, out) {
    out[0] = 1 / x[0]!;
  },
});

for (const signal of ['false', 'nan'] as const) {
  test(`a step into the region where the residuals are undefined (signalled by ${signal === 'false' ? 'returning false' : 'NaN residuals'}) is rejected and the fit still converges`, () => {
    const result = levenbergMarquardt(logProblem(signal), Float64Array.of(100));
    assert.ok(result.converged, result.stopReason);
    assert.ok(Math.abs(result.x[0]! - 4) <= 1e-12, String(result.x[0]));
    assert.ok(result.evaluations > result.iterations + 1, 'at least one trial step was rejected');
    assertFiniteResult(result);
  });
}

test('residuals undefined at the start give invalid_start with no NaN in the result', () => {
  for (const start of [Float64Array.of(-1), Float64Array.of(NaN)]) {
    const result = levenbergMarquardt(logProblem('false'), start);
    assert.equal(result.stopReason, 'invalid_start');
    assert.equal(result.converged, false);
    assert.equal(result.evaluations, 1);
    assert.equal(result.cost, Infinity);
    assert.ok(result.x.every(Number.isFinite) && result.jacobian.every(Number.isFinite));
    assert.ok(!result.residuals.some(Number.isNaN));
  }
});

test('an exact fit of y = a·e^(−b·t) stops converged in a few iterations and recovers a and b to 1e-12', () => {
  const t = Float64Array.from({ length: 20 }, (_, i) => 0.25 * i);
  const [a, b] = [2.5, 0.7];
  const y = t.map((ti) => a * Math.exp(-b * ti));
  const problem: LeastSquaresProblem = {
    parameterCount: 2,
    residualCount: 20,
    residuals(x, out) {
      for (let i = 0; i < 20; i++) out[i] = x[0]! * Math.exp(-x[1]! * t[i]!) - y[i]!;
      return true;
    },
    jacobian(x, out) {
      for (let i = 0; i < 20; i++) {
        const e = Math.exp(-x[1]! * t[i]!);
        out[2 * i] = e;
        out[2 * i + 1] = -t[i]! * x[0]! * e;
      }
    },
  };
  const result = levenbergMarquardt(problem, Float64Array.of(2, 1));
  assert.ok(result.converged, result.stopReason);
  assert.ok(result.iterations <= 10, `${result.iterations} iterations`);
  assert.ok(Math.abs(result.x[0]! - a) <= 1e-12 && Math.abs(result.x[1]! - b) <= 1e-12, String(result.x));
  assert.ok(result.cost <= 1e-28, String(result.cost));
});

test('a start at an exact zero of the residuals stops at once with converged_zero_cost', () => {
  const result = levenbergMarquardt(rosenbrock, Float64Array.of(1, 1));
  assert.equal(result.stopReason, 'converged_zero_cost');
  assert.equal(result.iterations, 0);
  assert.equal(result.jacobianEvaluations, 1);
});

test('max_iterations and max_evaluations are reported when hit, with the best point so far', () => {
  const start = Float64Array.from(meyer.start);
  const startCost = (() => {
    const r = new Float64Array(meyer.residualCount);
    meyer.residuals(start, r);
    return 0.5 * r.reduce((s, v) => s + v * v, 0);
  })();
  const byIterations = levenbergMarquardt(meyer, start, { maxIterations: 5 });
  assert.equal(byIterations.stopReason, 'max_iterations');
  assert.equal(byIterations.converged, false);
  assert.equal(byIterations.iterations, 5);
  assert.ok(byIterations.cost < startCost);
  const byEvaluations = levenbergMarquardt(meyer, start, { maxEvaluations: 10 });
  assert.equal(byEvaluations.stopReason, 'max_evaluations');
  assert.equal(byEvaluations.evaluations, 10);
  assertFiniteResult(byEvaluations);
});

test('a non-finite analytic Jacobian stops with no_progress and a finite result', () => {
  const problem: LeastSquaresProblem = { ...rosenbrock, jacobian: (_x, out) => out.fill(NaN) };
  const result = levenbergMarquardt(problem, Float64Array.of(-1.2, 1));
  assert.equal(result.stopReason, 'no_progress');
  assertFiniteResult(result);
});

test('levenbergMarquardt is deterministic: two runs give bit-identical results, and the start is not modified', () => {
  for (const problem of [osborne1, withoutJacobian(meyer)]) {
    const start = Float64Array.from(problem === osborne1 ? osborne1.start : meyer.start);
    const copy = Float64Array.from(start);
    const first = levenbergMarquardt(problem, start);
    const second = levenbergMarquardt(problem, start);
    assert.deepEqual(first, second);
    assert.deepEqual(start, copy);
  }
});

test('levenbergMarquardt rejects inconsistent inputs as programming errors', () => {
  assert.throws(() => levenbergMarquardt(rosenbrock, Float64Array.of(1)), RangeError);
  const bounds = { lower: Float64Array.of(1, 0), upper: Float64Array.of(0, 1) };
  assert.throws(() => levenbergMarquardt(rosenbrock, Float64Array.of(0, 0), { bounds }), /bounds of parameter 0 are \[1, 0\]/);
  assert.throws(() => levenbergMarquardt(rosenbrock, Float64Array.of(0, 0), { fixed: Uint8Array.of(1) }), RangeError);
});
