import assert from 'node:assert/strict';
import { test } from 'node:test';

import { black76Price } from '../black76.ts';
import { priceEuropean } from './price.ts';
import { varianceGamma } from './variance-gamma.ts';

test('variance gamma tends to Black-76 with vol sigma as nu → 0 (theta = 0): difference O(nu/T) at nu = 1e-8', () => {
  const p = { sigma: 0.6, nu: 1e-8, theta: 0 };
  for (const T of [7 / 365, 1]) {
    for (const z of [-2, 0, 2]) {
      const K = 100 * Math.exp(z * 0.6 * Math.sqrt(T));
      const a = priceEuropean(varianceGamma, p, 100, K, T, 'call');
      const b = black76Price(100, K, T, 0.6, 'call');
      assert.ok(Math.abs(a - b) <= 1e-5 * b, `T=${T} K=${K}: ${a} vs ${b}`);
    }
  }
});

test('variance gamma is a martingale (φ(−i) = 1) and its moment strip ends at the roots of 1 − θνw − ½σ²νw²', () => {
  const p = { sigma: 0.6, nu: 0.2, theta: -0.15 };
  const out = new Float64Array(2);
  varianceGamma.logCfInto(p, 1, 0, -1, out);
  assert.ok(Math.abs(out[0]!) < 1e-15 && Math.abs(out[1]!) < 1e-15);
  varianceGamma.momentStripInto(p, 1, out);
  for (const w of [out[0]!, out[1]!]) {
    assert.ok(Math.abs(1 - p.theta * p.nu * w - 0.5 * p.sigma * p.sigma * p.nu * w * w) < 1e-14);
  }
  assert.ok(out[0]! < 0 && out[1]! > 1);
});

test('variance gamma parameters out of their domain throw a RangeError naming the field', () => {
  assert.throws(() => varianceGamma.validate({ sigma: 0.6, nu: 0, theta: 0 }), /varianceGamma: nu .* got 0/);
  assert.throws(() => varianceGamma.validate({ sigma: 0.6, nu: 2, theta: 0.4 }), /theta·nu \+ sigma²·nu\/2 must be < 1/);
});
