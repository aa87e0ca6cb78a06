import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateSmile } from './calibrate-smile.ts';
import { smileSliceFromArrays } from './smile-slice.ts';
import { sviModel, sviTotalVariance } from '../smile/svi.ts';

/** 15 quotes on a raw SVI smile (T = 0.1), a vol point wide. */
function slice() {
  const p = { a: 0.004, b: 0.04, rho: -0.3, m: 0.02, sigma: 0.15 };
  const k = Array.from({ length: 15 }, (_, i) => -0.35 + 0.05 * i);
  const mid = k.map((x) => Math.sqrt(sviTotalVariance(p, x) / 0.1));
  return smileSliceFromArrays({ timeToExpiryYears: 0.1, forward: 100, logMoneyness: k, midVol: mid, bidVol: mid.map((v) => v - 0.005), askVol: mid.map((v) => v + 0.005) });
}

test('calibrateSmile fits an exact SVI smile with the defaults (the oracle: the generating parameters)', () => {
  const fit = calibrateSmile(sviModel, slice());
  assert.ok(fit.ok, fit.ok ? '' : fit.reason);
  assert.ok(fit.statistics.rmseVolPoints < 1e-4, `${fit.statistics.rmseVolPoints}`);
  assert.equal(fit.statistics.insideSpreadShare, 1);
});

test('calibrateSmile refuses unusable options as failures naming the option (maxIterations −1 used to "succeed", a NaN range to blame arbitrage)', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ maxIterations: -1 }, /maxIterations -1 is not an integer ≥ 1/],
    [{ maxIterations: 0.5 }, /maxIterations 0.5/],
    [{ noArbitrageRange: Number.NaN }, /noArbitrageRange NaN is not in \[0, 10\]/],
    [{ noArbitrageRange: 1e5 }, /noArbitrageRange 100000/],
    [{ huberThreshold: 0 }, /huberThreshold 0 is not finite and positive/],
    [{ spreadFloorVol: -1 }, /spreadFloorVol -1/],
    [{ midAnchor: Number.POSITIVE_INFINITY }, /midAnchor Infinity/],
    [{ weighting: 'equal' }, /weighting 'equal'/],
    [{ loss: 'cauchy' }, /loss 'cauchy'/],
    [{ errorSpace: 'price' }, /errorSpace 'price'/],
  ];
  for (const [options, reason] of cases) {
    const fit = calibrateSmile(sviModel, slice(), options as never);
    assert.ok(!fit.ok && reason.test(fit.reason), `${JSON.stringify(options)}: ${fit.ok ? 'ok' : fit.reason}`);
  }
});
