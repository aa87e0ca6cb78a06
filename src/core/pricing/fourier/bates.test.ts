import assert from 'node:assert/strict';
import { test } from 'node:test';

import { bates } from './bates.ts';
import { heston } from './heston.ts';
import { priceEuropean } from './price.ts';

test('Bates with lambda = 0 prices exactly as Heston', () => {
  const h = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 };
  const b = { ...h, lambda: 0, nu: -0.1, delta: 0.3 };
  for (const T of [1 / 365, 1]) {
    for (const K of [60, 100, 160]) {
      const a = priceEuropean(bates, b, 100, K, T, 'call');
      const c = priceEuropean(heston, h, 100, K, T, 'call');
      assert.equal(a, c);
    }
  }
});

test('Bates is a martingale with its jump compensator: φ(−i) = 1 for large jumps', () => {
  const out = new Float64Array(2);
  const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3, lambda: 20, nu: -0.2, delta: 0.4 };
  bates.logCfInto(p, 2, 0, -1, out);
  assert.ok(Math.abs(out[0]!) < 1e-14 && Math.abs(out[1]!) < 1e-14, `${out[0]}, ${out[1]}`);
});

test('Bates parameters out of their domain throw a RangeError naming the field', () => {
  const good = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3, lambda: 1, nu: 0, delta: 0.1 };
  assert.throws(() => bates.validate({ ...good, lambda: -2 }), /bates: lambda .* got -2/);
  assert.throws(() => bates.validate({ ...good, rho: -1.01 }), /bates: rho .* got -1\.01/);
  assert.throws(() => bates.validate({ ...good, delta: -0.1 }), /bates: delta .* got -0\.1/);
});
