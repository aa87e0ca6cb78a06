import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../numerics/random.ts';
import { smileSliceFromArrays } from '../calibration/smile-slice.ts';
import type { SmileSlice } from '../calibration/smile-slice.ts';
import type { SviParams } from './svi.ts';
import { sviTotalVariance } from './svi.ts';
import { sviDomainViolation, sviMBounds, sviSigmaBounds, sviSliceScales } from './svi-domain.ts';
import { sviQuasiExplicit, sviQuasiExplicitAt } from './svi-quasi-explicit.ts';
import type { SviQuasiExplicitResult } from './svi-quasi-explicit.ts';

const DAY = 1 / 365;

/** A slice whose mid vols are exactly √(w(k)/T) for the given SVI, at strikes spaced unevenly in k. */
function sviSlice(p: SviParams, T: number, kFrom: number, kTo: number, count: number, noiseVol = 0, seed = 1): SmileSlice {
  const rng = createRng(seed);
  const k = Array.from({ length: count }, (_, i) => {
    const u = i / (count - 1);
    return kFrom + (kTo - kFrom) * (u + 0.15 * Math.sin(Math.PI * u) * (u - 0.5)); // denser near the middle
  });
  const midVol = k.map((x) => Math.sqrt(sviTotalVariance(p, x) / T) + (noiseVol > 0 ? rng.uniform(-noiseVol, noiseVol) : 0));
  return smileSliceFromArrays({ timeToExpiryYears: T, forward: 60000, logMoneyness: k, midVol });
}

function fitted(result: SviQuasiExplicitResult): { params: SviParams; cost: number; evaluations: number } {
  if (!result.ok) assert.fail(`fit failed: ${result.reason} (${result.detail})`);
  return result;
}

function reasonOf(result: SviQuasiExplicitResult): string {
  return result.ok ? 'ok' : result.reason;
}

const names = ['a', 'b', 'rho', 'm', 'sigma'] as const;

interface Regime {
  readonly label: string;
  readonly T: number;
  readonly p: SviParams;
  readonly kFrom: number;
  readonly kTo: number;
}

/** Deribit-like regimes: BTC/ETH ATM vols 45–80%, strikes out to a few standard deviations. */
const regimes: readonly Regime[] = [
  { label: 'T = 2 days, steep, ρ = −0.2', T: 2 * DAY, p: { a: 0.0008, b: 0.04, rho: -0.2, m: 0.01, sigma: 0.03 }, kFrom: -0.2, kTo: 0.2 },
  { label: 'T = 2 days, steep, ρ = +0.3', T: 2 * DAY, p: { a: 0.0006, b: 0.05, rho: 0.3, m: -0.01, sigma: 0.02 }, kFrom: -0.15, kTo: 0.2 },
  { label: 'T = 1 month, ρ = −0.7', T: 30 * DAY, p: { a: 0.015, b: 0.12, rho: -0.7, m: 0.02, sigma: 0.08 }, kFrom: -0.5, kTo: 0.4 },
  { label: 'T = 1 month, ρ = +0.1', T: 30 * DAY, p: { a: 0.012, b: 0.1, rho: 0.1, m: 0, sigma: 0.1 }, kFrom: -0.5, kTo: 0.4 },
  { label: 'T = 1 year, ρ = +0.3', T: 1, p: { a: 0.27, b: 0.3, rho: 0.3, m: 0.1, sigma: 0.3 }, kFrom: -1.5, kTo: 1.2 },
  { label: 'T = 1 year, ρ = −0.4, a < 0', T: 1, p: { a: -0.02, b: 0.25, rho: -0.4, m: 0.05, sigma: 0.35 }, kFrom: -1.5, kTo: 1.2 },
];

for (const regime of regimes) {
  test(`quasi-explicit recovers a noise-free SVI smile exactly (${regime.label})`, () => {
    const slice = sviSlice(regime.p, regime.T, regime.kFrom, regime.kTo, 25);
    // Uneven weights: an exact fit does not depend on them.
    const weights = Float64Array.from({ length: 25 }, (_, i) => 0.5 + (i % 3));
    const { params } = fitted(sviQuasiExplicit(slice, weights));
    for (const name of names) {
      const scale = name === 'a' ? regime.p.a + regime.p.b * regime.p.sigma : Math.max(Math.abs(regime.p[name]), 0.01);
      const error = Math.abs(params[name] - regime.p[name]) / scale;
      assert.ok(error < 1e-6, `${name}: fitted ${params[name]} vs ${regime.p[name]} (relative ${error})`);
    }
    for (const k of slice.logMoneyness) {
      const exact = sviTotalVariance(regime.p, k);
      const error = Math.abs(sviTotalVariance(params, k) - exact) / exact;
      assert.ok(error < 1e-10, `w at k = ${k}: relative error ${error}`);
    }
  });
}

test('with the paper’s a ≥ 0 floor a smile with a < 0 is fitted inside that domain, and the default floor fits it better', () => {
  const regime = regimes[5]!;
  const slice = sviSlice(regime.p, regime.T, regime.kFrom, regime.kTo, 25);
  const weights = new Float64Array(25).fill(1);
  const paper = fitted(sviQuasiExplicit(slice, weights, { levelFloor: 'zeliade' }));
  const wider = fitted(sviQuasiExplicit(slice, weights));
  assert.ok(paper.params.a >= -1e-15, `a = ${paper.params.a}`);
  assert.ok(paper.cost > 0);
  assert.ok(wider.cost < 1e-6 * paper.cost, `${wider.cost} vs ${paper.cost}`);
});

test('the paper’s a ≥ 0 floor recovers smiles that lie in its domain exactly too', () => {
  const regime = regimes[2]!;
  const slice = sviSlice(regime.p, regime.T, regime.kFrom, regime.kTo, 25);
  const { params } = fitted(sviQuasiExplicit(slice, new Float64Array(25).fill(1), { levelFloor: 'zeliade', maxWingSlope: 4 }));
  for (const name of names) assert.ok(Math.abs(params[name] - regime.p[name]) < 1e-8, `${name}: ${params[name]} vs ${regime.p[name]}`);
});

test('with one vol point of seeded noise the fitted smile stays within the noise of the true one', () => {
  for (const [index, regime] of regimes.entries()) {
    const slice = sviSlice(regime.p, regime.T, regime.kFrom, regime.kTo, 25, 0.01, 100 + index);
    const { params } = fitted(sviQuasiExplicit(slice, new Float64Array(25).fill(1)));
    let sumSquares = 0;
    let worst = 0;
    for (const k of slice.logMoneyness) {
      const fitVol = Math.sqrt(sviTotalVariance(params, k) / regime.T);
      const trueVol = Math.sqrt(sviTotalVariance(regime.p, k) / regime.T);
      sumSquares += (fitVol - trueVol) ** 2;
      worst = Math.max(worst, Math.abs(fitVol - trueVol));
    }
    const rms = Math.sqrt(sumSquares / slice.count);
    assert.ok(worst < 0.01 && rms < 0.005, `${regime.label}: worst ${worst}, rms ${rms} in vol`);
    assert.equal(sviDomainViolation(params), null);
  }
});

test('the outer search finds the global optimum: on 12 seeded noisy slices no node of a 40 × 40 (m, ln σ) grid does better', () => {
  const rng = createRng(77);
  for (let trial = 0; trial < 12; trial++) {
    const T = Math.exp(rng.uniform(Math.log(DAY), 0));
    const atm = rng.uniform(0.4, 0.9);
    const width = 3 * atm * Math.sqrt(T);
    const sigma = rng.uniform(0.05, 0.8) * atm * Math.sqrt(T);
    const b = rng.uniform(0.2, 1) * atm * atm * Math.sqrt(T);
    const p = { a: atm * atm * T - b * sigma, b, rho: rng.uniform(-0.8, 0.5), m: rng.uniform(-0.3, 0.3) * width, sigma };
    const n = 8 + rng.nextInt(25);
    const k = Array.from({ length: n }, () => rng.uniform(-width, width)).sort((x, y) => x - y);
    const noise = rng.uniform(0, 0.03);
    const midVol = k.map((x) => Math.max(0.05, Math.sqrt(sviTotalVariance(p, x) / T) + rng.uniform(-noise, noise)));
    const slice = smileSliceFromArrays({ timeToExpiryYears: T, forward: 1, logMoneyness: k, midVol });
    const weights = new Float64Array(n).fill(1);
    const { cost } = fitted(sviQuasiExplicit(slice, weights));
    // The outer objective f(m, σ) by brute force over the whole search box, each node solved exactly.
    const { kMin, kMax, span } = sviSliceScales(slice.logMoneyness);
    const mBox = sviMBounds(span, kMin, kMax);
    const sigmaBox = sviSigmaBounds(span);
    let gridBest = Infinity;
    for (let i = 0; i < 40; i++) {
      const m = mBox.lower + ((mBox.upper - mBox.lower) * i) / 39;
      for (let j = 0; j < 40; j++) {
        const s = Math.exp(Math.log(sigmaBox.lower) + ((Math.log(sigmaBox.upper) - Math.log(sigmaBox.lower)) * j) / 39);
        gridBest = Math.min(gridBest, fitted(sviQuasiExplicitAt(slice, weights, m, s)).cost);
      }
    }
    assert.ok(cost <= gridBest * (1 + 1e-9), `trial ${trial}: quasi-explicit ${cost} vs best grid node ${gridBest}`);
  }
});

test('horrible data give a finite result or a typed failure, never NaN or an exception', () => {
  const T = 10 * DAY;
  const cases: Record<string, SmileSlice> = {
    'five points': smileSliceFromArrays({ timeToExpiryYears: T, forward: 1, logMoneyness: [-0.2, -0.1, 0, 0.1, 0.2], midVol: [0.8, 0.6, 0.5, 0.55, 0.7] }),
    'duplicated k': smileSliceFromArrays({
      timeToExpiryYears: T,
      forward: 1,
      logMoneyness: [-0.1, -0.1, 0, 0, 0, 0.1, 0.1],
      midVol: [0.6, 0.65, 0.5, 0.52, 0.49, 0.58, 0.55],
    }),
    'a huge outlier': smileSliceFromArrays({
      timeToExpiryYears: T,
      forward: 1,
      logMoneyness: [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3],
      midVol: [0.9, 0.7, 0.6, 5, 0.6, 0.65, 0.8],
    }),
    'all-equal vols': smileSliceFromArrays({ timeToExpiryYears: T, forward: 1, logMoneyness: [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3], midVol: Array(7).fill(0.5) }),
    'one strike only': smileSliceFromArrays({ timeToExpiryYears: T, forward: 1, logMoneyness: Array(6).fill(0.05), midVol: [0.5, 0.51, 0.49, 0.5, 0.52, 0.48] }),
    'tiny vols': smileSliceFromArrays({ timeToExpiryYears: T, forward: 1, logMoneyness: [-0.2, -0.1, 0, 0.1, 0.2], midVol: [1e-6, 2e-6, 1e-6, 3e-6, 1e-6] }),
    'wild range of k': smileSliceFromArrays({ timeToExpiryYears: T, forward: 1, logMoneyness: [-8, -1e-6, 0, 1e-6, 9], midVol: [3, 0.5, 0.4, 0.5, 4] }),
  };
  for (const [label, slice] of Object.entries(cases)) {
    const result = sviQuasiExplicit(slice, new Float64Array(slice.count).fill(1));
    if (!result.ok) continue;
    const { params, cost } = result;
    assert.ok(names.every((name) => Number.isFinite(params[name])) && Number.isFinite(cost), `${label}: ${JSON.stringify(result)}`);
    assert.equal(sviDomainViolation(params), null, label);
    for (const k of slice.logMoneyness) assert.ok(sviTotalVariance(params, k) >= 0, `${label}: w(${k}) < 0`);
  }
});

test('a flat smile is fitted exactly with flat wings (b = 0)', () => {
  const slice = smileSliceFromArrays({ timeToExpiryYears: 0.1, forward: 1, logMoneyness: [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3], midVol: Array(7).fill(0.5) });
  const { params, cost } = fitted(sviQuasiExplicit(slice, new Float64Array(7).fill(1)));
  assert.ok(cost < 1e-30, `cost ${cost}`);
  for (const k of [-1, 0, 1]) assert.ok(Math.abs(sviTotalVariance(params, k) - 0.025) < 1e-15);
});

test('fewer than 5 usable quotes, a wrong weight count or a non-positive T are typed failures', () => {
  const four = smileSliceFromArrays({ timeToExpiryYears: 0.1, forward: 1, logMoneyness: [-0.1, 0, 0.1, 0.2], midVol: [0.6, 0.5, 0.55, 0.6] });
  assert.equal(reasonOf(sviQuasiExplicit(four, new Float64Array(4).fill(1))), 'too-few-quotes');
  // Six quotes, two of them unusable (zero weight, NaN vol): four left.
  const six = smileSliceFromArrays({ timeToExpiryYears: 0.1, forward: 1, logMoneyness: [-0.2, -0.1, 0, 0.1, 0.2, 0.3], midVol: [0.6, 0.55, 0.5, Number.NaN, 0.6, 0.65] });
  const masked = sviQuasiExplicit(six, Float64Array.of(0, 1, 1, 1, 1, 1));
  assert.equal(reasonOf(masked), 'too-few-quotes');
  assert.equal(reasonOf(sviQuasiExplicit(six, new Float64Array(5).fill(1))), 'invalid-input');
  const expired = smileSliceFromArrays({ timeToExpiryYears: 0, forward: 1, logMoneyness: [-0.2, -0.1, 0, 0.1, 0.2], midVol: [0.6, 0.55, 0.5, 0.55, 0.6] });
  assert.equal(reasonOf(sviQuasiExplicit(expired, new Float64Array(5).fill(1))), 'invalid-input');
  const slice = sviSlice(regimes[3]!.p, regimes[3]!.T, -0.5, 0.4, 9);
  assert.equal(reasonOf(sviQuasiExplicitAt(slice, new Float64Array(9).fill(1), 0, 0)), 'invalid-input');
});

test('the reported cost is ½ Σ ω (w(k) − σ_mid² T)² at the returned parameters, and fits repeat bit for bit', () => {
  const regime = regimes[3]!;
  const slice = sviSlice(regime.p, regime.T, regime.kFrom, regime.kTo, 25, 0.01, 3);
  const weights = Float64Array.from({ length: 25 }, (_, i) => 1 + i / 10);
  const first = fitted(sviQuasiExplicit(slice, weights));
  let cost = 0;
  for (let i = 0; i < slice.count; i++) {
    const r = sviTotalVariance(first.params, slice.logMoneyness[i]!) - slice.midVol[i]! ** 2 * regime.T;
    cost += 0.5 * weights[i]! * r * r;
  }
  assert.ok(Math.abs(first.cost - cost) <= 1e-12 * cost);
  assert.deepEqual(fitted(sviQuasiExplicit(slice, weights)), first);
});
