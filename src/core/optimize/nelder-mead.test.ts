import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nelderMead } from './nelder-mead.ts';

const rosenbrock = (x: Float64Array): number => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;

test('nelderMead takes 2-D Rosenbrock from (−1.2, 1) to (1, 1) within 1e-8', () => {
  const result = nelderMead(rosenbrock, Float64Array.of(-1.2, 1));
  assert.ok(result.stopReason.startsWith('converged_'), result.stopReason);
  assert.ok(Math.abs(result.x[0]! - 1) <= 1e-8 && Math.abs(result.x[1]! - 1) <= 1e-8, String(result.x));
  assert.ok(result.value <= 1e-16, String(result.value));
  assert.ok(result.evaluations <= 400, `${result.evaluations} evaluations`);
});

test('a bounded quadratic whose minimum is outside the box stops at the nearest corner', () => {
  // (x − 2)² + 10(y + 3)² on [0, 1] × [−1, 1]: minimum at (1, −1), value 1 + 40.
  const f = (p: Float64Array): number => (p[0]! - 2) ** 2 + 10 * (p[1]! + 3) ** 2;
  const bounds = { lower: Float64Array.of(0, -1), upper: Float64Array.of(1, 1) };
  const result = nelderMead(f, Float64Array.of(0.5, 0.5), { bounds });
  assert.ok(result.stopReason.startsWith('converged_'), result.stopReason);
  assert.deepEqual(Array.from(result.x), [1, -1]);
  assert.equal(result.value, 41);
});

test('a coupled quadratic cut off by one bound reaches the constrained minimum on that face', () => {
  // (x − 2)² + (y − x/2)² with x ≤ 1: minimum at x = 1, y = ½, value 1.
  const f = (p: Float64Array): number => (p[0]! - 2) ** 2 + (p[1]! - p[0]! / 2) ** 2;
  const bounds = { lower: Float64Array.of(-Infinity, -Infinity), upper: Float64Array.of(1, Infinity) };
  const result = nelderMead(f, Float64Array.of(-3, 4), { bounds });
  assert.ok(result.stopReason.startsWith('converged_'), result.stopReason);
  assert.equal(result.x[0], 1);
  // The vertex values agree to ftol = 1e-14 once (y − ½)² ≲ 1e-14, so y is known to ≈ 1e-7.
  assert.ok(Math.abs(result.x[1]! - 0.5) <= 1e-6, String(result.x[1]));
  assert.ok(Math.abs(result.value - 1) <= 1e-14);
});

test('points where f is +Infinity or NaN are treated as infeasible and avoided', () => {
  // Minimum at (1, 1) next to an infeasible half-plane x < 0.9 (signalled as Infinity below y = 0, NaN above).
  const f = (p: Float64Array): number => {
    if (p[0]! < 0.9) return p[1]! < 0 ? Infinity : NaN;
    return (p[0]! - 1) ** 2 + 3 * (p[1]! - 1) ** 2;
  };
  const result = nelderMead(f, Float64Array.of(3, -2), { initialStep: 2 });
  assert.ok(result.stopReason.startsWith('converged_'), result.stopReason);
  assert.ok(Math.abs(result.x[0]! - 1) <= 1e-8 && Math.abs(result.x[1]! - 1) <= 1e-8, String(result.x));
});

test('an infeasible start gives invalid_start after one evaluation', () => {
  const result = nelderMead(() => Infinity, Float64Array.of(0, 0));
  assert.equal(result.stopReason, 'invalid_start');
  assert.equal(result.evaluations, 1);
  assert.equal(result.value, Infinity);
  assert.ok(result.x.every(Number.isFinite));
});

test('nelderMead is deterministic: two runs give bit-identical results', () => {
  const first = nelderMead(rosenbrock, Float64Array.of(-1.2, 1));
  const second = nelderMead(rosenbrock, Float64Array.of(-1.2, 1));
  assert.deepEqual(first, second);
});

test('max_evaluations is reported when hit, with the best vertex so far', () => {
  const result = nelderMead(rosenbrock, Float64Array.of(-1.2, 1), { maxEvaluations: 30 });
  assert.equal(result.stopReason, 'max_evaluations');
  assert.ok(result.evaluations >= 30 && result.evaluations <= 32);
  assert.ok(result.value < rosenbrock(Float64Array.of(-1.2, 1)));
});

test('a one-dimensional search uses the classical coefficients and converges', () => {
  const result = nelderMead((p) => (p[0]! - Math.PI) ** 2, Float64Array.of(10));
  assert.ok(result.stopReason.startsWith('converged_'), result.stopReason);
  assert.ok(Math.abs(result.x[0]! - Math.PI) <= 1e-9, String(result.x[0]));
});

test('with Gao–Han coefficients a 6-D ill-scaled ellipsoid converges to its centre', () => {
  // Σ 10^(j/2)·(x_j − j)², condition number 10^2.5; the classical coefficients stall on such problems
  // for n ≳ 5 (Gao & Han 2012, table 4).
  const f = (p: Float64Array): number => {
    let s = 0;
    for (let j = 0; j < 6; j++) s += 10 ** (j / 2) * (p[j]! - j) ** 2;
    return s;
  };
  const result = nelderMead(f, new Float64Array(6), { maxEvaluations: 20000 });
  assert.ok(result.stopReason.startsWith('converged_'), result.stopReason);
  for (let j = 0; j < 6; j++) assert.ok(Math.abs(result.x[j]! - j) <= 1e-6, `x[${j}] = ${result.x[j]}`);
});
