import assert from 'node:assert/strict';
import { test } from 'node:test';

import { black76Price } from '../black76.ts';
import { mertonSeries } from './testing/merton-series.ts';
import { merton } from './merton.ts';
import type { MertonParams } from './merton.ts';
import { priceEuropean, priceSliceInto } from './price.ts';
import { createFourierWorkspace } from './workspace.ts';

test('Merton by Fourier agrees with Merton\'s Poisson-weighted Black-76 series to 1e-10 relative on a crypto grid', () => {
  const sets: MertonParams[] = [
    { sigma: 0.5, lambda: 10, nu: -0.03, delta: 0.08 },
    { sigma: 0.7, lambda: 0.5, nu: 0, delta: 0.4 },
    { sigma: 0.3, lambda: 50, nu: 0.01, delta: 0.02 },
  ];
  let worst = 0;
  for (const p of sets) {
    for (const T of [1 / 365, 7 / 365, 0.25, 1, 3]) {
      const sd = Math.sqrt(p.sigma * p.sigma * T + p.lambda * T * (p.nu * p.nu + p.delta * p.delta));
      for (const z of [-3, -1, 0, 1, 3]) {
        const K = 100 * Math.exp(z * sd);
        const type = K >= 100 ? 'call' : 'put';
        const a = priceEuropean(merton, p, 100, K, T, type);
        const b = mertonSeries(p, 100, K, T, type);
        const rel = Math.abs(a - b) / b;
        // The series' own Black-76 terms carry ~1e-13 relative error (black76.ts), so 1e-10 is a fair bound.
        assert.ok(rel <= 1e-10, `${JSON.stringify(p)} T=${T} K=${K}: ${a} vs ${b} (${rel})`);
        worst = Math.max(worst, rel);
      }
    }
  }
  assert.ok(worst > 0);
});

test('Merton with many jumps of nearly fixed size (an almost periodic characteristic function) agrees with the series to 1e-10, European and slice', () => {
  // λT ≈ 13 jumps of −31% (δ 0.56%): the jump factor e^{λT(cos(νu) − 1)} falls to e^{−26} between its
  // revivals at u = 2π/|ν| ≈ 17, where the diffusion has only decayed by e^{−1.2}. The pricer's truncation
  // once stopped in the first trough and lost the revivals: relative errors up to 7e-6 (model.ts envelopeGap).
  const p = { sigma: 0.3, lambda: 140, nu: -0.37, delta: 0.0056 };
  const T = 0.0948;
  const strikes = Float64Array.from([0.45, 0.6, 0.75, 0.9, 1, 1.1, 1.3, 1.6], (x) => 100 * x);
  const isCall = Uint8Array.from(strikes, (K) => (K >= 100 ? 1 : 0));
  const slice = new Float64Array(strikes.length);
  priceSliceInto(merton, p, 100, T, strikes, isCall, slice, createFourierWorkspace(strikes.length), { relativeTolerance: 1e-10 });
  strikes.forEach((K, i) => {
    const type = isCall[i] === 1 ? 'call' : 'put';
    const b = mertonSeries(p, 100, K, T, type);
    const a = priceEuropean(merton, p, 100, K, T, type);
    assert.ok(Math.abs(a - b) <= 1e-10 * b, `European K=${K}: ${a} vs ${b} (${Math.abs(a - b) / b})`);
    assert.ok(Math.abs(slice[i]! - b) <= 1e-10 * b, `slice K=${K}: ${slice[i]} vs ${b} (${Math.abs(slice[i]! - b) / b})`);
  });
});

test('Merton with λT in the hundreds (the envelope gap alone overflows e^x) agrees with the series to 1e-10', () => {
  // λT = 400 jumps of nearly fixed size: between revivals the jump factor is e^{−800}. The truncation test
  // once multiplied e^{gap} (∞) by the modulus (0), got NaN, took it for negligible and stopped in a trough:
  // 7.5e-6 relative for the first set (found by review).
  for (const p of [{ sigma: 0.02, lambda: 200, nu: 0.1, delta: 0.001 }, { sigma: 0.1, lambda: 200, nu: 0.3, delta: 0.001 }]) {
    for (const K of [60, 100, 125, 300]) {
      const type = K >= 100 ? 'call' : 'put';
      const a = priceEuropean(merton, p, 100, K, 2, type);
      const b = mertonSeries(p, 100, K, 2, type);
      assert.ok(Math.abs(a - b) <= 1e-10 * Math.max(b, 1e-13 * 100), `${JSON.stringify(p)} K=${K}: ${a} vs ${b} (${Math.abs(a - b) / b})`);
    }
  }
});

test('Merton with lambda = 0 is Black-76 with vol sigma (1e-10 relative above the negligible 1e-13·F)', () => {
  const p = { sigma: 0.8, lambda: 0, nu: -0.1, delta: 0.2 };
  for (const T of [1 / 365, 1]) {
    for (const K of [50, 95, 100, 130]) {
      for (const type of ['call', 'put'] as const) {
        const a = priceEuropean(merton, p, 100, K, T, type);
        const b = black76Price(100, K, T, 0.8, type);
        assert.ok(Math.abs(a - b) <= 1e-10 * Math.max(b, 1e-13 * 100), `T=${T} K=${K} ${type}: ${a} vs ${b}`);
      }
    }
  }
});

test('Merton parameters out of their domain throw a RangeError naming the field', () => {
  const good = { sigma: 0.5, lambda: 1, nu: 0, delta: 0.1 };
  assert.throws(() => merton.validate({ ...good, sigma: 0 }), /merton: sigma .* got 0/);
  assert.throws(() => merton.validate({ ...good, lambda: -1 }), /merton: lambda .* got -1/);
  assert.throws(() => merton.validate({ ...good, delta: Infinity }), /merton: delta .* got Infinity/);
});
