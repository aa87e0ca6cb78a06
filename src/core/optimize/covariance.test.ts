import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covarianceFromFit, covarianceFromJacobian } from './covariance.ts';
import { levenbergMarquardt } from './levenberg-marquardt.ts';
import type { LeastSquaresProblem } from './least-squares.ts';
import { createRng } from '../numerics/random.ts';
import { kowalikOsborne, meyer, osborne1, withoutJacobian } from './testing/test-problems.ts';

/** y_i = a + b·x_i + noise, seeded. */
function linearData(m: number): { x: Float64Array; y: Float64Array } {
  const rng = createRng(7);
  const x = Float64Array.from({ length: m }, () => rng.uniform(-1, 3));
  const y = x.map((xi) => 1.5 - 0.8 * xi + 0.1 * (rng.next() - 0.5));
  return { x, y };
}

function straightLine(x: Float64Array, y: Float64Array): LeastSquaresProblem {
  return {
    parameterCount: 2,
    residualCount: x.length,
    residuals(p, out) {
      for (let i = 0; i < x.length; i++) out[i] = p[0]! + p[1]! * x[i]! - y[i]!;
      return true;
    },
    jacobian(_p, out) {
      for (let i = 0; i < x.length; i++) {
        out[2 * i] = 1;
        out[2 * i + 1] = x[i]!;
      }
    },
  };
}

test('standard errors of a straight-line fit equal the textbook OLS formulas to 1e-12', () => {
  // OLS: b = Sxy/Sxx, a = ȳ − b·x̄, s² = Σe²/(m − 2), se(b) = s/√Sxx, se(a) = s·√(1/m + x̄²/Sxx),
  // cov(a, b) = −x̄·s²/Sxx.
  const m = 40;
  const { x, y } = linearData(m);
  const xBar = x.reduce((s, v) => s + v, 0) / m;
  const yBar = y.reduce((s, v) => s + v, 0) / m;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (x[i]! - xBar) ** 2;
    sxy += (x[i]! - xBar) * (y[i]! - yBar);
  }
  const b = sxy / sxx;
  const a = yBar - b * xBar;
  let sse = 0;
  for (let i = 0; i < m; i++) sse += (y[i]! - a - b * x[i]!) ** 2;
  const s2 = sse / (m - 2);
  const seA = Math.sqrt(s2 * (1 / m + (xBar * xBar) / sxx));
  const seB = Math.sqrt(s2 / sxx);
  const correlation = (-xBar * s2) / sxx / (seA * seB);

  const fit = levenbergMarquardt(straightLine(x, y), Float64Array.of(0, 0));
  assert.ok(fit.converged, fit.stopReason);
  assert.ok(Math.abs(fit.x[0]! - a) <= 1e-12 && Math.abs(fit.x[1]! - b) <= 1e-12, String(fit.x));
  const cov = covarianceFromFit(fit);
  assert.ok(cov.ok);
  const close = (actual: number, expected: number, what: string): void => {
    assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
  };
  close(cov.standardErrors[0]!, seA, 'se(a)');
  close(cov.standardErrors[1]!, seB, 'se(b)');
  close(cov.correlation[1]!, correlation, 'corr(a, b)');
  close(cov.correlation[2]!, correlation, 'corr(b, a)');
  close(cov.residualVariance, s2, 's²');
  assert.equal(cov.degreesOfFreedom, m - 2);
  assert.equal(cov.correlation[0], 1);
  assert.equal(cov.correlation[3], 1);
});

for (const problem of [kowalikOsborne, meyer, osborne1]) {
  test(`standard errors at the fitted ${problem.name} minimum match NIST's certified values to 1e-6`, () => {
    const fit = levenbergMarquardt(problem, Float64Array.from(problem.start));
    const cov = covarianceFromFit(fit);
    assert.ok(cov.ok);
    problem.standardErrors?.forEach((expected, j) => {
      const actual = cov.standardErrors[j]!;
      assert.ok(Math.abs(actual - expected) <= 1e-6 * expected, `se[${j}] = ${actual}, certified ${expected}`);
    });
  });
}

test('standard errors from a forward-difference fit of Osborne 1 match NIST to 1e-4', () => {
  const fit = levenbergMarquardt(withoutJacobian(osborne1), Float64Array.from(osborne1.start));
  const cov = covarianceFromFit(fit);
  assert.ok(cov.ok);
  osborne1.standardErrors?.forEach((expected, j) => {
    assert.ok(Math.abs(cov.standardErrors[j]! - expected) <= 1e-4 * expected, `se[${j}]`);
  });
});

test('a duplicated parameter is reported as unidentified, naming the later copy', () => {
  // y = (a + a′)·x + c: the columns of a and a′ are equal.
  const m = 10;
  const jacobian = new Float64Array(m * 3);
  for (let i = 0; i < m; i++) {
    jacobian[3 * i] = i;
    jacobian[3 * i + 1] = i;
    jacobian[3 * i + 2] = 1;
  }
  const cov = covarianceFromJacobian(jacobian, m, 3, 0.1);
  assert.equal(cov.ok, false);
  assert.ok(!cov.ok);
  assert.equal(cov.reason, 'unidentified');
  assert.deepEqual(cov.unidentified, [1]);
});

test('a parameter without effect and one collinear with two others are both named', () => {
  // Columns: x, 1, 0, 2x − 3 (= 2·col0 − 3·col1).
  const m = 8;
  const jacobian = new Float64Array(m * 4);
  for (let i = 0; i < m; i++) jacobian.set([i, 1, 0, 2 * i - 3], 4 * i);
  const cov = covarianceFromJacobian(jacobian, m, 4, 1);
  assert.ok(!cov.ok);
  assert.deepEqual(cov.unidentified, [2, 3]);
});

test('a fixed parameter has zero standard error, and the others get the covariance of the reduced fit', () => {
  const m = 30;
  const { x, y } = linearData(m);
  const fit = levenbergMarquardt(straightLine(x, y), Float64Array.of(1, 0), { fixed: Uint8Array.of(1, 0) });
  const full = covarianceFromJacobian(fit.jacobian, m, 2, fit.cost, Uint8Array.of(1, 0));
  // Reduced problem: only b, with residuals a₀ + b·x − y and Jacobian column x.
  const reduced = covarianceFromJacobian(Float64Array.from(x), m, 1, fit.cost);
  assert.ok(full.ok && reduced.ok);
  assert.equal(full.standardErrors[0], 0);
  assert.ok(Math.abs(full.standardErrors[1]! - reduced.standardErrors[0]!) <= 1e-15 * reduced.standardErrors[0]!);
  assert.equal(full.degreesOfFreedom, m - 1);
  assert.deepEqual(Array.from(full.correlation), [1, 0, 0, 1]);
});

test('as many residuals as free parameters leave no degrees of freedom', () => {
  const cov = covarianceFromJacobian(Float64Array.of(1, 0, 0, 1), 2, 2, 0);
  assert.ok(!cov.ok);
  assert.equal(cov.reason, 'no_degrees_of_freedom');
});

test('an exact fit has zero standard errors but well-defined correlations', () => {
  const x = Float64Array.of(0, 1, 2, 3);
  const y = x.map((v) => 1 + 2 * v);
  const fit = levenbergMarquardt(straightLine(x, y), Float64Array.of(0, 0));
  const cov = covarianceFromFit(fit);
  assert.ok(cov.ok);
  assert.ok(cov.standardErrors.every((v) => v < 1e-14));
  // corr(a, b) = −x̄/√(x̄² + Sxx/m) = −1.5/√(2.25 + 1.25).
  assert.ok(Math.abs(cov.correlation[1]! + 1.5 / Math.sqrt(3.5)) <= 1e-15);
});

test('rescaling a parameter rescales its standard error and leaves the correlations alone', () => {
  const m = 25;
  const { x, y } = linearData(m);
  const base = levenbergMarquardt(straightLine(x, y), Float64Array.of(0, 0));
  const scaledJacobian = base.jacobian.map((v, k) => (k % 2 === 1 ? v * 1e-6 : v)); // b measured in micro-units
  const a = covarianceFromJacobian(base.jacobian, m, 2, base.cost);
  const b = covarianceFromJacobian(scaledJacobian, m, 2, base.cost);
  assert.ok(a.ok && b.ok);
  assert.ok(Math.abs(b.standardErrors[1]! / a.standardErrors[1]! - 1e6) <= 1e-8);
  assert.ok(Math.abs(b.correlation[1]! - a.correlation[1]!) <= 1e-15);
});
