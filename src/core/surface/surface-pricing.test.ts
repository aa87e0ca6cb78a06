import { test } from 'node:test';
import assert from 'node:assert/strict';
import { priceFromSurface } from './surface-pricing.ts';
import { createEssviSurface } from './volatility-surface.ts';
import { black76Price } from '../pricing/black76.ts';

const surface = createEssviSurface([
  { timeToExpiryYears: 0.05, theta: 0.02, rho: -0.3, psi: 0.12 },
  { timeToExpiryYears: 0.5, theta: 0.15, rho: -0.2, psi: 0.3 },
]);

test('priceFromSurface prices at the surface vol of the strike and satisfies put–call parity', () => {
  const F = 60_000;
  for (const K of [40_000, 55_000, 60_000, 70_000, 90_000]) {
    for (const T of [0.05, 0.2, 0.5, 1]) {
      const call = priceFromSurface(surface, F, K, T, 'call');
      const put = priceFromSurface(surface, F, K, T, 'put');
      assert.equal(call.vol, surface.impliedVol(Math.log(K / F), T));
      assert.equal(call.price, black76Price(F, K, T, call.vol, 'call'));
      assert.ok(Math.abs(call.price - put.price - (F - K)) < 1e-9 * F, `K ${K} T ${T}`);
      assert.ok(Math.abs(call.greeks.deltaForward - put.greeks.deltaForward - 1) < 1e-12);
    }
  }
});

test('the surface call price is convex and decreasing in strike (no butterfly arbitrage)', () => {
  const F = 1;
  const T = 0.3;
  let previous = Number.POSITIVE_INFINITY;
  let previousSlope = Number.NEGATIVE_INFINITY;
  const h = 0.01;
  for (let k = -1; k <= 1; k += h) {
    const c = priceFromSurface(surface, F, Math.exp(k), T, 'call').price;
    const slope = (c - previous) / (Math.exp(k) - Math.exp(k - h));
    assert.ok(c <= previous + 1e-15);
    if (Number.isFinite(previous)) assert.ok(slope >= previousSlope - 1e-12, `k ${k}`);
    previous = c;
    if (Number.isFinite(slope)) previousSlope = slope;
  }
});
