import assert from 'node:assert/strict';
import { test } from 'node:test';

import { bates } from './bates.ts';
import { heston } from './heston.ts';
import { merton } from './merton.ts';
import type { FourierModel } from './model.ts';
import { contourShift, logMgfReal, saddleDistance } from './saddle.ts';

/**
 * The oracle: the root of Ψ′_k(R) = ψ′(R) − k − 1/R − 1/(R − 1) by plain bisection to 1e-12 on the side's
 * distance x, with ψ′ from a fine central difference — independent of saddleDistance's bracket and false
 * position, and far more precise than its 1% target.
 */
function saddleByBisection<P>(model: FourierModel<P>, params: P, T: number, k: number, isCallSide: boolean, xMax: number): number {
  const slope = (x: number): number => {
    const R = contourShift(isCallSide, x);
    const h = 1e-6 * Math.min(x, xMax - x, 1);
    const d = (logMgfReal(model, params, T, R + h) - logMgfReal(model, params, T, R - h)) / (2 * h);
    const g = d - k - 1 / R - 1 / (R - 1);
    const oriented = isCallSide ? g : -g;
    return Number.isFinite(oriented) ? oriented : Infinity;
  };
  let lo = 1e-9;
  let hi = Number.isFinite(xMax) ? xMax * (1 - 1e-12) : 1e6;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (slope(mid) > 0) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

const strip = new Float64Array(2);

test('saddleDistance finds the saddle to 1% inside the strip from cold, far, neighbouring and absurd guesses (Heston, Bates to σ = 37, Merton; 1 day to 2 years)', () => {
  const cases: Array<[string, FourierModel<never>, unknown]> = [
    ['heston calm', heston as FourierModel<never>, { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 }],
    ['heston crash', heston as FourierModel<never>, { v0: 1.66, kappa: 7.4, theta: 0.24, sigma: 10, rho: -0.74 }],
    ['bates crash', bates as FourierModel<never>, { v0: 0.65, kappa: 45, theta: 0.2, sigma: 37, rho: -0.35, lambda: 200, nu: -0.036, delta: 0.016 }],
    ['merton (no moment explosion: xMax = ∞)', merton as FourierModel<never>, { sigma: 0.5, lambda: 1, nu: -0.1, delta: 0.1 }],
  ];
  let checked = 0;
  for (const [name, model, params] of cases) {
    const p = params as never;
    for (const T of [1 / 365, 7 / 365, 0.25, 2]) {
      model.momentStripInto(p, T, strip);
      for (const k of [-0.6, -0.2, -0.02, 0.01, 0.15, 0.5]) {
        const isCallSide = k >= 0;
        const xMax = isCallSide ? strip[1]! - 1 : -strip[0]!;
        const truth = saddleByBisection(model, p, T, k, isCallSide, xMax);
        // Near and far guesses, and ones no caller should pass (the search must still land inside the strip).
        for (const guess of [1, truth * 0.3, truth * 1.07, truth * 3, 1e-3, 1e-300, 1e300, 0, Number.NaN, Infinity]) {
          const x = saddleDistance(model, p, T, k, isCallSide, xMax, guess);
          assert.ok(x > 0 && x < xMax, `${name} T=${T} k=${k} guess ${guess}: ${x} outside (0, ${xMax})`);
          assert.ok(Math.abs(x / truth - 1) < 0.01, `${name} T=${T} k=${k} guess ${guess}: ${x} against ${truth}`);
          checked++;
        }
      }
    }
  }
  assert.equal(checked, 4 * 4 * 6 * 10);
});
