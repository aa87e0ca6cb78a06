import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convexControlLeft, convexControlRight, rationalCubicInterpolation } from './rational-cubic.ts';

const f = (x: number, r: number): number => rationalCubicInterpolation(x, 1, 3, 2, 5, 0.5, 4, r);

test('the rational cubic meets both end points and slopes for any control r > −1', () => {
  for (const r of [-0.5, 0, 3, 10, 1e6]) {
    assert.ok(Math.abs(f(1, r) - 2) < 1e-15);
    assert.ok(Math.abs(f(3, r) - 5) < 1e-15);
    const d = 1e-7;
    assert.ok(Math.abs((f(1 + d, r) - f(1, r)) / d - 0.5) < 1e-5 * Math.max(1, r), `r = ${r}`);
    assert.ok(Math.abs((f(3, r) - f(3 - d, r)) / d - 4) < 1e-5 * Math.max(1, r), `r = ${r}`);
  }
});

test('at r = 3 it is the cubic Hermite interpolant (Delbourgo–Gregory 1985)', () => {
  for (const x of [1.3, 2, 2.7]) {
    const t = (x - 1) / 2;
    const hermite = (2 * t ** 3 - 3 * t ** 2 + 1) * 2 + (t ** 3 - 2 * t ** 2 + t) * 2 * 0.5 +
      (-2 * t ** 3 + 3 * t ** 2) * 5 + (t ** 3 - t ** 2) * 2 * 4;
    assert.ok(Math.abs(f(x, 3) - hermite) < 1e-14, `x = ${x}`);
  }
});

test('large r tends to the straight line through the end points', () => {
  assert.ok(Math.abs(f(2, 1e12) - 3.5) < 1e-9);
  assert.equal(f(2, 1e40), 3.5);
});

test('convexControlLeft/Right reproduce the requested second derivative at their end (finite differences)', () => {
  // Data from a convex function, so the fitted r is admissible: y = e^x on [0, 1].
  const [xL, xR] = [0, 1];
  const [yL, yR, dL, dR] = [1, Math.E, 1, Math.E];
  const h = 1e-4;
  const second = (g: (x: number) => number, x: number): number => (g(x + 2 * h) - 2 * g(x + h) + g(x)) / (h * h);
  const rL = convexControlLeft(xL, xR, yL, yR, dL, dR, 1.1, false);
  const gL = (x: number): number => rationalCubicInterpolation(x, xL, xR, yL, yR, dL, dR, rL);
  assert.ok(Math.abs(second(gL, 0) - 1.1) < 1e-3, `${second(gL, 0)}`);
  const rR = convexControlRight(xL, xR, yL, yR, dL, dR, 2.9, false);
  const gR = (x: number): number => rationalCubicInterpolation(x, xL, xR, yL, yR, dL, dR, rR);
  const secondAtRight = (gR(1) - 2 * gR(1 - h) + gR(1 - 2 * h)) / (h * h);
  assert.ok(Math.abs(secondAtRight - 2.9) < 1e-3, `${secondAtRight}`);
});

test('a shape-violating requested curvature is overridden: the interpolant of convex monotone data stays convex and monotone', () => {
  // Asking for a large negative curvature at the left would make a wiggle; the shape bound wins.
  const r = convexControlLeft(0, 1, 0, 1, 0.1, 3, -50, true);
  let previous = rationalCubicInterpolation(0, 0, 1, 0, 1, 0.1, 3, r);
  let previousSlope = 0;
  for (let i = 1; i <= 100; i++) {
    const x = i / 100;
    const y = rationalCubicInterpolation(x, 0, 1, 0, 1, 0.1, 3, r);
    const slope = (y - previous) * 100;
    assert.ok(slope >= 0, `not monotone at ${x}`);
    assert.ok(slope >= previousSlope - 1e-9, `not convex at ${x}`);
    previous = y;
    previousSlope = slope;
  }
});
