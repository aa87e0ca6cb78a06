import assert from 'node:assert/strict';
import { test } from 'node:test';

import { bates } from './bates.ts';
import { heston } from './heston.ts';
import { kou } from './kou.ts';
import { merton } from './merton.ts';
import type { FourierModel } from './model.ts';
import { priceEuropean } from './price.ts';
import { loadReferenceCases, MODELS } from './testing/reference-cases.ts';
import { varianceGamma } from './variance-gamma.ts';

const NEGLIGIBLE = 1e-13;

test('priceEuropean agrees with 40-digit mpmath references for every model, expiry (1 day to 3 years) and strike (±6 sd): 1e-10 relative above 1e-13·F, absolute below', () => {
  const cases = loadReferenceCases();
  assert.ok(cases.length > 1000);
  let worst = 0;
  for (const c of cases) {
    const model = MODELS[c.model];
    const ref = Number(c.otmPrice);
    const F = c.forward;
    const otm = priceEuropean(model, c.params as never, F, c.strike, c.timeToExpiryYears, c.type);
    const itmType = c.type === 'call' ? 'put' : 'call';
    const itm = priceEuropean(model, c.params as never, F, c.strike, c.timeToExpiryYears, itmType);
    const refItm = ref + Math.abs(F - c.strike);
    const label = `${c.model} ${JSON.stringify(c.params)} T=${c.timeToExpiryYears} k=${c.logMoneyness}`;
    if (ref > NEGLIGIBLE * F) {
      const rel = Math.abs(otm - ref) / ref;
      worst = Math.max(worst, rel);
      assert.ok(rel <= 1e-10, `${label} OTM ${c.type}: ${otm} vs ${ref} (${rel})`);
    } else {
      assert.ok(Math.abs(otm - ref) <= NEGLIGIBLE * F, `${label} OTM ${c.type}: ${otm} vs ${ref}`);
    }
    const relItm = Math.abs(itm - refItm) / refItm;
    assert.ok(relItm <= 1e-10, `${label} ITM ${itmType}: ${itm} vs ${refItm} (${relItm})`);
  }
  assert.ok(worst > 0);
});

// Stress parameter sets: every model at its crypto extremes.
const STRESS: [FourierModel<never>, object][] = [
  [heston as FourierModel<never>, { v0: 0.36, kappa: 2, theta: 0.49, sigma: 3, rho: -0.7 }],
  [heston as FourierModel<never>, { v0: 0.36, kappa: 2, theta: 0.49, sigma: 3, rho: 0.2 }],
  [heston as FourierModel<never>, { v0: 0.04, kappa: 0.5, theta: 0.04, sigma: 1e-10, rho: -0.9 }],
  [bates as FourierModel<never>, { v0: 0.36, kappa: 2, theta: 0.49, sigma: 2, rho: -0.3, lambda: 5, nu: -0.05, delta: 0.1 }],
  [merton as FourierModel<never>, { sigma: 0.5, lambda: 10, nu: -0.03, delta: 0.08 }],
  [kou as FourierModel<never>, { sigma: 0.6, lambda: 1, p: 0.3, eta1: 3.5, eta2: 2.5 }],
  [varianceGamma as FourierModel<never>, { sigma: 0.6, nu: 0.2, theta: -0.15 }],
];
const TIMES = [1 / 365, 2 / 365, 7 / 365, 30 / 365, 0.25, 1, 3];

test('put–call parity C − P = F − K holds to 1e-12·F for every model, expiry and strike from F/3 to 3F', () => {
  const F = 60000;
  for (const [model, p] of STRESS) {
    for (const T of TIMES) {
      for (let i = 0; i <= 12; i++) {
        const K = F * Math.exp(Math.log(3) * (i / 6 - 1));
        const c = priceEuropean(model, p as never, F, K, T, 'call');
        const put = priceEuropean(model, p as never, F, K, T, 'put');
        assert.ok(Math.abs(c - put - (F - K)) <= 1e-12 * F, `${model.name} T=${T} K=${K}: ${c - put - (F - K)}`);
      }
    }
  }
});

test('call prices are finite, within [intrinsic, F], non-increasing and convex in strike on a grid, T = 1 day included, K from F/3 to 3F', () => {
  const F = 100;
  for (const [model, p] of STRESS) {
    for (const T of TIMES) {
      const n = 121;
      const prices: number[] = [];
      const strikes: number[] = [];
      for (let i = 0; i < n; i++) {
        const K = F * Math.exp(Math.log(3) * (2 * i / (n - 1) - 1));
        strikes.push(K);
        for (const type of ['call', 'put'] as const) {
          const v = priceEuropean(model, p as never, F, K, T, type);
          const intrinsic = type === 'call' ? Math.max(F - K, 0) : Math.max(K - F, 0);
          assert.ok(Number.isFinite(v) && v >= intrinsic && v <= (type === 'call' ? F : K), `${model.name} T=${T} K=${K} ${type}: ${v}`);
          if (type === 'call') prices.push(v);
        }
      }
      for (let i = 1; i < n; i++) {
        assert.ok(prices[i]! <= prices[i - 1]! + 1e-12 * F, `${model.name} T=${T}: not monotone at K=${strikes[i]}`);
      }
      for (let i = 1; i < n - 1; i++) {
        // Convexity on a non-uniform grid: the slope is non-decreasing.
        const s0 = (prices[i]! - prices[i - 1]!) / (strikes[i]! - strikes[i - 1]!);
        const s1 = (prices[i + 1]! - prices[i]!) / (strikes[i + 1]! - strikes[i]!);
        assert.ok(s1 >= s0 - 1e-9, `${model.name} T=${T}: not convex at K=${strikes[i]} (${s0}, ${s1})`);
      }
    }
  }
});

test('priceEuropean returns intrinsic at T = 0 and at K = 0, and rejects invalid market inputs and options with a RangeError', () => {
  const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1, rho: -0.5 };
  assert.equal(priceEuropean(heston, p, 100, 80, 0, 'call'), 20);
  assert.equal(priceEuropean(heston, p, 100, 80, 0, 'put'), 0);
  assert.equal(priceEuropean(heston, p, 100, 0, 1, 'call'), 100);
  assert.equal(priceEuropean(heston, p, 100, 0, 1, 'put'), 0);
  assert.throws(() => priceEuropean(heston, p, -1, 100, 1, 'call'), /forward .* got -1/);
  assert.throws(() => priceEuropean(heston, p, 100, Number.NaN, 1, 'call'), /strike .* got NaN/);
  assert.throws(() => priceEuropean(heston, p, 100, 100, -1, 'call'), /timeToExpiryYears .* got -1/);
  assert.throws(() => priceEuropean(heston, p, 100, 100, 1, 'call', { relativeTolerance: 0 }), /relativeTolerance/);
});

test('priceEuropean meets a loose (1e-6) and a tight (1e-12, to 1e-11) relativeTolerance against the references', () => {
  const cases = loadReferenceCases().filter((c) => c.model === 'heston' && Number(c.otmPrice) > 1e-6);
  for (const tol of [1e-6, 1e-12]) {
    for (const c of cases.slice(0, 200)) {
      const ref = Number(c.otmPrice);
      const v = priceEuropean(MODELS[c.model], c.params as never, c.forward, c.strike, c.timeToExpiryYears, c.type, { relativeTolerance: tol });
      // 1e-12 is within a few ulp-level round-offs of the integral's terms; allow 1e-11 there.
      assert.ok(Math.abs(v - ref) <= Math.max(tol, 1e-11) * ref, `tol ${tol}: ${v} vs ${ref}`);
    }
  }
});
