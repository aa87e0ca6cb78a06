import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durrlemanG } from '../smile/butterfly.ts';
import { checkStaticArbitrage } from './static-arbitrage.ts';
import { ssviSliceTotalVariance } from './ssvi.ts';
import { cryptoEssviNodes, expiryTimes, cryptoTheta } from './testing/generate-surface.ts';
import { createEssviSurface, createSsviSurface, type VolatilitySurface } from './volatility-surface.ts';

const essvi = createEssviSurface(cryptoEssviNodes(10));
const ssvi = createSsviSurface(
  expiryTimes(10).map((T) => ({ timeToExpiryYears: T, theta: cryptoTheta(T) })),
  { rho: -0.25, eta: 1, gamma: 0.4 },
);
const surfaces: [string, VolatilitySurface][] = [
  ['eSSVI', essvi],
  ['SSVI', ssvi],
];
const ks = [-1.5, -0.7, -0.2, -0.03, 0, 0.02, 0.25, 0.8, 1.5];

test('at each slice time the eSSVI surface is that slice', () => {
  for (const s of essvi.nodes) {
    for (const k of ks) assert.ok(Math.abs(essvi.totalVariance(k, s.timeToExpiryYears) - ssviSliceTotalVariance(s, k)) <= 1e-15);
  }
});

for (const [name, surface] of surfaces) {
  test(`${name}: w(k, T) is non-decreasing in T at fixed k, before, between and after the slices (T from 1 hour to 3 years)`, () => {
    for (const k of ks) {
      let previous = 0;
      for (let e = Math.log(1 / 8760); e <= Math.log(3); e += 0.01) {
        const w = surface.totalVariance(k, Math.exp(e));
        assert.ok(w >= previous * (1 - 1e-14), `k = ${k}, T = ${Math.exp(e)}: ${w} < ${previous}`);
        previous = w;
      }
    }
  });

  test(`${name}: the independent price check finds no arbitrage at 40 times between and beyond the slices`, () => {
    const times = Array.from({ length: 40 }, (_, i) => Math.exp(Math.log(1 / 1000) + (i * Math.log(2000)) / 39));
    const report = checkStaticArbitrage(surface, times);
    assert.equal(report.arbitrageFree, true, JSON.stringify(report));
  });

  test(`${name}: ∂w/∂T matches a central difference in T away from slice times`, () => {
    for (const T of [0.001, 0.02, 0.3, 0.77, 2]) {
      for (const k of ks) {
        const h = 1e-7 * T;
        const fd = (surface.totalVariance(k, T + h) - surface.totalVariance(k, T - h)) / (2 * h);
        const an = surface.totalVarianceTimeDerivative(k, T);
        assert.ok(Math.abs(an - fd) <= 1e-6 * Math.abs(fd) + 1e-9, `T = ${T}, k = ${k}: ${an} vs ${fd}`);
      }
    }
  });

  test(`${name}: local vol is positive, finite, and equals √(∂_T w / g) with g by finite differences`, () => {
    for (const T of [0.001, 0.02, 0.3, 0.77, 2]) {
      for (const k of ks) {
        const lv = surface.localVol(k, T);
        assert.ok(lv > 0 && Number.isFinite(lv), `T = ${T}, k = ${k}: ${lv}`);
        const g = durrlemanG((x) => surface.totalVariance(x, T), k, 1e-4);
        const expected = Math.sqrt(surface.totalVarianceTimeDerivative(k, T) / g);
        assert.ok(Math.abs(lv - expected) <= 1e-4 * expected, `T = ${T}, k = ${k}: ${lv} vs ${expected}`);
      }
    }
  });
}

test('Dupire local vol of a flat 60% surface is 60% everywhere, at and between slices', () => {
  const flat = createEssviSurface([0.01, 0.1, 0.5, 1].map((T) => ({ timeToExpiryYears: T, theta: 0.36 * T, rho: 0, psi: 0 })));
  for (const T of [0.001, 0.01, 0.05, 0.1, 0.7, 1, 4]) {
    for (const k of ks) {
      assert.ok(Math.abs(flat.localVol(k, T) - 0.6) <= 1e-14, `T = ${T}, k = ${k}`);
      assert.ok(Math.abs(flat.impliedVol(k, T) - 0.6) <= 1e-14);
    }
  }
});

test('sliceAt interpolates θ, ψ and ρψ linearly between eSSVI slices', () => {
  const [a, b] = [essvi.nodes[3]!, essvi.nodes[4]!];
  const mid = essvi.sliceAt((a.timeToExpiryYears + b.timeToExpiryYears) / 2);
  assert.ok(Math.abs(mid.theta - (a.theta + b.theta) / 2) <= 1e-16);
  assert.ok(Math.abs(mid.psi - (a.psi + b.psi) / 2) <= 1e-16);
  assert.ok(Math.abs(mid.rho * mid.psi - (a.rho * a.psi + b.rho * b.psi) / 2) <= 1e-16);
});

test('bad inputs throw RangeError naming the value; T = 0 has zero total variance', () => {
  assert.equal(essvi.totalVariance(0.1, 0), 0);
  assert.throws(() => essvi.impliedVol(0, 0), /time 0/);
  assert.throws(() => essvi.totalVariance(Number.NaN, 0.1), /log-moneyness NaN/);
  assert.throws(() => essvi.localVol(0, -1), /time -1/);
  assert.throws(() => createEssviSurface([]), RangeError);
});
