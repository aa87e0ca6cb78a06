import assert from 'node:assert/strict';
import { test } from 'node:test';

import { black76Price } from '../black76.ts';
import { kou } from './kou.ts';
import { priceEuropean } from './price.ts';

test('Kou with lambda = 0 is Black-76 with vol sigma', () => {
  const p = { sigma: 0.6, lambda: 0, p: 0.4, eta1: 10, eta2: 5 };
  for (const K of [70, 100, 140]) {
    const a = priceEuropean(kou, p, 100, K, 0.5, 'call');
    const b = black76Price(100, K, 0.5, 0.6, 'call');
    assert.ok(Math.abs(a - b) <= 1e-10 * b, `K=${K}: ${a} vs ${b}`);
  }
});

test('Kou is a martingale (φ(−i) = 1) and its characteristic function is the product of its parts', () => {
  const out = new Float64Array(2);
  const p = { sigma: 0.5, lambda: 8, p: 0.4, eta1: 12, eta2: 8 };
  kou.logCfInto(p, 1, 0, -1, out);
  assert.ok(Math.abs(out[0]!) < 1e-15 && Math.abs(out[1]!) < 1e-15);
  // At u real: ln φ = −½σ²T(u² + iu) + λT[pη₁/(η₁ − iu) + (1 − p)η₂/(η₂ + iu) − 1 − iu·ζ(1)]
  const u = 3.7;
  const T = 0.3;
  kou.logCfInto(p, T, u, 0, out);
  const zeta1 = p.p * p.eta1 / (p.eta1 - 1) + (1 - p.p) * p.eta2 / (p.eta2 + 1) - 1;
  const a = p.eta1 * p.eta1 + u * u;
  const b = p.eta2 * p.eta2 + u * u;
  const re = -0.5 * p.sigma ** 2 * T * u * u + p.lambda * T * (p.p * p.eta1 * p.eta1 / a + (1 - p.p) * p.eta2 * p.eta2 / b - 1);
  const im = -0.5 * p.sigma ** 2 * T * u + p.lambda * T * (p.p * p.eta1 * u / a - (1 - p.p) * p.eta2 * u / b - u * zeta1);
  assert.ok(Math.abs(out[0]! - re) < 1e-14 && Math.abs(out[1]! - im) < 1e-14, `${out[0]} ${re} ${out[1]} ${im}`);
});

test('Kou parameters out of their domain throw a RangeError naming the field', () => {
  const good = { sigma: 0.5, lambda: 8, p: 0.4, eta1: 12, eta2: 8 };
  assert.throws(() => kou.validate({ ...good, eta1: 1 }), /kou: eta1 .* got 1/);
  assert.throws(() => kou.validate({ ...good, p: 1.2 }), /kou: p .* got 1\.2/);
  assert.throws(() => kou.validate({ ...good, eta2: 0 }), /kou: eta2 .* got 0/);
});
