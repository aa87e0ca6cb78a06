import assert from 'node:assert/strict';
import { test } from 'node:test';

import { black76Price } from '../black76.ts';
import { heston, hestonExplosionTime, hestonLogCfInto, hestonLogMgfInto, hestonMomentStripInto } from './heston.ts';
import type { HestonParams } from './heston.ts';
import { priceEuropean } from './price.ts';

// A. Lewis's high-precision Heston prices (Mathematica, 50-digit working precision, quoted to 20+ digits:
// financepress.com/2019/02/15/heston-model-reference-prices/): S = 100, r = 1%, q = 2%, T = 1,
// v0 = 0.04, κ = 4, θ = 0.25, σ = 1, ρ = −0.5. Discounted spot prices (kept as decimal strings); on the forward
// F = S·e^{(r−q)T} the undiscounted price is price·e^{rT}.
const LEWIS = [
  { strike: 80, put: '7.958878113256768285213263077598987193482161301733', call: '26.774758743998854221382195325726949201687074848341' },
  { strike: 90, put: '12.017966707346304987709573290236471654992071308187', call: '20.933349000596710388139445766564068085476194042256' },
  { strike: 100, put: '17.055270961270109413522653999411000974895436309183', call: '16.070154917028834278213466703938231827658768230714' },
  { strike: 110, put: '23.017825898442800538908781834822560777763225722188', call: '12.132211516709844867860534767549426052805766831181' },
  { strike: 120, put: '29.811026202682471843340682293165857439167301370697', call: '9.024913483457835636553375454092357136489051667150' },
];

test('priceEuropean reproduces Lewis\'s published Heston prices (strikes 80..120, calls and puts) to 1e-10 relative', () => {
  const r = 0.01;
  const q = 0.02;
  const T = 1;
  const forward = 100 * Math.exp((r - q) * T);
  const p = { v0: 0.04, kappa: 4, theta: 0.25, sigma: 1, rho: -0.5 };
  for (const row of LEWIS) {
    for (const type of ['call', 'put'] as const) {
      const price = priceEuropean(heston, p, forward, row.strike, T, type) * Math.exp(-r * T);
      const ref = Number(row[type]);
      const rel = Math.abs(price - ref) / ref;
      assert.ok(rel <= 1e-10, `${type} K=${row.strike}: ${price} vs ${ref} (${rel})`);
    }
  }
});

function integratedVariance(p: HestonParams, T: number): number {
  return p.theta * T + ((p.v0 - p.theta) * -Math.expm1(-p.kappa * T)) / p.kappa;
}

test('Heston with sigma = 0 is Black-76 with the integrated expected variance, to 1e-10 relative', () => {
  for (const T of [1 / 365, 0.25, 3]) {
    const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 0, rho: -0.5 };
    const vol = Math.sqrt(integratedVariance(p, T) / T);
    const sd = vol * Math.sqrt(T);
    for (const z of [-5, -2, 0, 2, 5]) {
      const K = 100 * Math.exp(z * sd);
      for (const type of ['call', 'put'] as const) {
        const a = priceEuropean(heston, p, 100, K, T, type);
        const b = black76Price(100, K, T, vol, type);
        assert.ok(Math.abs(a - b) <= 1e-10 * b, `T=${T} K=${K} ${type}: ${a} vs ${b}`);
      }
    }
  }
});

test('Heston with sigma = 1e-10 differs from Black-76 by O(sigma) only, and returns no NaN', () => {
  const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1e-10, rho: -0.7 };
  for (const T of [1 / 365, 1, 3]) {
    const vol = Math.sqrt(integratedVariance(p, T) / T);
    for (const z of [-4, 0, 4]) {
      const K = 100 * Math.exp(z * vol * Math.sqrt(T));
      const a = priceEuropean(heston, p, 100, K, T, 'call');
      const b = black76Price(100, K, T, vol, 'call');
      assert.ok(Math.abs(a - b) <= 1e-7 * b, `T=${T} K=${K}: ${a} vs ${b}`);
    }
  }
});

test('the Heston characteristic function is a martingale (φ(−i) = 1) and φ(0) = 1, for sigma from 0 to 3', () => {
  const out = new Float64Array(2);
  for (const sigma of [0, 1e-10, 0.3, 3]) {
    for (const T of [1 / 365, 3]) {
      const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma, rho: -0.7 };
      hestonLogCfInto(p, T, 0, -1, out);
      assert.ok(Math.abs(out[0]!) < 1e-15 && Math.abs(out[1]!) < 1e-15, `σ=${sigma} T=${T}: ${out[0]}, ${out[1]}`);
      hestonLogCfInto(p, T, 0, 0, out);
      assert.ok(Math.abs(out[0]!) < 1e-15 && Math.abs(out[1]!) < 1e-15);
    }
  }
});

test('the Heston characteristic function matches the second cumulant of Black-76 as sigma → 0 for complex arguments', () => {
  // At σ = 0: ln M(w) = ½(w² − w)·∫E[v]dt exactly, at any complex w.
  const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 0, rho: 0.3 };
  const out = new Float64Array(2);
  const T = 0.7;
  const V = integratedVariance(p, T);
  for (const [wr, wi] of [[2, 5], [-3, 0.5], [0.5, 40]] as const) {
    hestonLogMgfInto(p, T, wr, wi, out);
    const re = 0.5 * V * (wr * wr - wi * wi - wr);
    const im = 0.5 * V * (2 * wr * wi - wi);
    assert.ok(Math.abs(out[0]! - re) <= 1e-13 * Math.abs(re) && Math.abs(out[1]! - im) <= 1e-13 * Math.abs(im));
  }
});

test('the Heston moment strip ends where the moment explodes: T*(w₊) = T and ln M grows without bound towards it', () => {
  const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 3, rho: 0.2 };
  const strip = new Float64Array(2);
  const out = new Float64Array(2);
  for (const T of [0.25, 3]) {
    hestonMomentStripInto(p, T, strip);
    const [lo, hi] = [strip[0]!, strip[1]!];
    assert.ok(lo < 0 && hi > 1 && Number.isFinite(lo) && Number.isFinite(hi));
    assert.ok(Math.abs(hestonExplosionTime(p, hi) - T) < 1e-9 * T);
    assert.ok(Math.abs(hestonExplosionTime(p, lo) - T) < 1e-9 * T);
    hestonLogMgfInto(p, T, hi * (1 - 1e-9), 0, out);
    const near = out[0]!;
    hestonLogMgfInto(p, T, 1 + 0.5 * (hi - 1), 0, out);
    assert.ok(near > out[0]! + 5, `T=${T}: ${near} vs ${out[0]}`);
  }
});

test('Heston parameters out of their domain throw a RangeError naming the field and value', () => {
  const good = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1, rho: -0.5 };
  assert.throws(() => heston.validate({ ...good, rho: 1.5 }), /heston: rho .* got 1\.5/);
  assert.throws(() => heston.validate({ ...good, kappa: 0 }), /heston: kappa .* got 0/);
  assert.throws(() => heston.validate({ ...good, sigma: -0.1 }), /heston: sigma .* got -0\.1/);
  assert.throws(() => heston.validate({ ...good, v0: Number.NaN }), /heston: v0 .* got NaN/);
  assert.throws(() => heston.validate({ ...good, v0: 0, theta: 0 }), /v0 and theta cannot both be 0/);
  assert.throws(() => priceEuropean(heston, { ...good, theta: -1 }, 100, 100, 1, 'call'), RangeError);
});
