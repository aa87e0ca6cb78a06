import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heston, type HestonParams } from '../pricing/fourier/heston.ts';
import { smileSliceFromArrays, type SmileSlice } from './smile-slice.ts';
import { modelSurface } from './testing/model-surface.ts';
import { calibrateModel } from './calibrate-model.ts';
import { createHestonSpec } from './model-specs/heston-spec.ts';
import { createMertonSpec } from './model-specs/merton-spec.ts';
import { merton, type MertonParams } from '../pricing/fourier/merton.ts';
import type { ModelSpec } from './model-spec.ts';

/** Six expiries × 15 strikes (±2 standard deviations at 60% vol) of Heston implied vols, plus uniform noise. */
function hestonSurface(truth: HestonParams, noiseVol: number, seed = 7): SmileSlice[] {
  return modelSurface(heston, truth, { days: [7, 14, 30, 60, 120, 240], strikes: 15, noiseVol, halfSpreadVol: 0.001, seed });
}

const crypto: HestonParams = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 };

for (const rho of [-0.3, 0.2]) {
  test(`calibrateModel recovers crypto-regime Heston (rho ${rho}) from noise-free vols, from the generic start, to 1e-6`, () => {
    const truth = { ...crypto, rho };
    const fit = calibrateModel(createHestonSpec(), hestonSurface(truth, 0));
    assert.ok(fit.ok, fit.ok ? '' : fit.reason);
    for (const name of ['v0', 'kappa', 'theta', 'sigma', 'rho'] as const) {
      assert.ok(Math.abs(fit.params[name] - truth[name]) <= 1e-6 * Math.max(1, Math.abs(truth[name])), `${name}: ${fit.params[name]} vs ${truth[name]}`);
    }
    assert.ok(fit.statistics.rmseVolPoints < 1e-6);
  });

  test(`calibrateModel with 1 vol-basis-point noise (rho ${rho}) lands within 4 standard errors of the truth in every parameter`, () => {
    const truth = { ...crypto, rho };
    const fit = calibrateModel(createHestonSpec(), hestonSurface(truth, 1e-4, 11));
    assert.ok(fit.ok, fit.ok ? '' : fit.reason);
    assert.ok(fit.standardErrors !== null);
    for (const name of ['v0', 'kappa', 'theta', 'sigma', 'rho'] as const) {
      const se = fit.standardErrors[name]!;
      assert.ok(se > 0 && Math.abs(fit.params[name] - truth[name]) <= 4 * se, `${name}: ${fit.params[name]} vs ${truth[name]} (se ${se})`);
      assert.ok(Math.abs(fit.params[name] - truth[name]) <= 0.01 * Math.max(1, Math.abs(truth[name])), `${name} within 1%`);
    }
    assert.equal(fit.statistics.insideSpreadShare, 1);
    assert.ok(fit.correlations !== null && fit.correlations.matrix.length === 25);
  });
}

test('calibrateModel: Heston fitted to a flat 60% smile has vol of variance near zero and v0 = theta = 0.36', () => {
  const slices = [7, 30, 90, 180].map((days) => {
    const T = days / 365;
    const k = Array.from({ length: 11 }, (_, i) => (-1.5 + (3 * i) / 10) * 0.6 * Math.sqrt(T));
    return smileSliceFromArrays({ timeToExpiryYears: T, forward: 1, logMoneyness: k, midVol: k.map(() => 0.6) });
  });
  const fit = calibrateModel(createHestonSpec(), slices);
  assert.ok(fit.ok, fit.ok ? '' : fit.reason);
  assert.ok(fit.params.sigma < 0.01, `sigma ${fit.params.sigma}`);
  assert.ok(Math.abs(fit.params.v0 - 0.36) < 1e-4 && Math.abs(fit.params.theta - 0.36) < 1e-3, JSON.stringify(fit.params));
  assert.ok(fit.statistics.rmseVolPoints < 0.01);
});

test('calibrateModel with the Feller option returns parameters with 2·kappa·theta ≥ sigma² where the truth breaks it', () => {
  const truth = { ...crypto, kappa: 0.5 }; // 2κθ = 0.49 < σ² = 1.44
  const fit = calibrateModel(createHestonSpec({ feller: true }), hestonSurface(truth, 0));
  assert.ok(fit.ok, fit.ok ? '' : fit.reason);
  const { kappa, theta, sigma } = fit.params;
  assert.ok(2 * kappa * theta >= sigma * sigma * (1 - 1e-12), JSON.stringify(fit.params));
  assert.equal(fit.packedNames[3], 'sigmaFellerRatio');
});

test('calibrateModel holds fixed parameters at their start values and reports unknown names as failures', () => {
  const start = createHestonSpec().pack({ ...crypto, kappa: 3 });
  const fit = calibrateModel(createHestonSpec(), hestonSurface(crypto, 0), { start, fixed: ['kappa'] });
  assert.ok(fit.ok, fit.ok ? '' : fit.reason);
  assert.equal(fit.params.kappa, 3);
  assert.equal(fit.standardErrors?.kappa, 0);
  const bad = calibrateModel(createHestonSpec(), hestonSurface(crypto, 0), { fixed: ['lambda'] });
  assert.ok(!bad.ok && bad.reason.includes("'lambda'"));
});

test('calibrateModel returns failures as values: no expiries, too few quotes, a non-positive vol', () => {
  assert.deepEqual(calibrateModel(createHestonSpec(), []), { ok: false, model: 'heston', reason: 'no expiries to fit' });
  const tiny = smileSliceFromArrays({ timeToExpiryYears: 0.1, forward: 1, logMoneyness: [0, 0.1], midVol: [0.5, 0.5] });
  const few = calibrateModel(createHestonSpec(), [tiny]);
  assert.ok(!few.ok && few.reason.includes('cannot pin 5 parameters'));
  const nan = smileSliceFromArrays({ timeToExpiryYears: 0.1, forward: 1, logMoneyness: [0, 0.1, 0.2, 0.3, 0.4, 0.5], midVol: [0.5, Number.NaN, 0.5, 0.5, 0.5, 0.5] });
  const bad = calibrateModel(createHestonSpec(), [nan]);
  assert.ok(!bad.ok && bad.reason.includes('quote 1'));
});

test('calibrateModel refuses unusable options as failures naming the option, never a throw from the pricer', () => {
  const slices = hestonSurface(crypto, 0);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ maxIterations: -1 }, /maxIterations -1/],
    [{ maxIterations: 2.5 }, /maxIterations 2.5/],
    [{ starts: 0 }, /starts 0/],
    [{ costTolerance: 0 }, /costTolerance 0/],
    [{ pricing: { relativeTolerance: 2 } }, /relativeTolerance 2/],
    [{ huberThreshold: Number.NaN }, /huberThreshold NaN/],
    [{ loss: 'cauchy' }, /loss 'cauchy'/],
    [{ priceError: 'price' }, /priceError 'price'/],
  ];
  for (const [options, reason] of cases) {
    const fit = calibrateModel(createHestonSpec(), slices, options as never);
    assert.ok(!fit.ok && reason.test(fit.reason), `${JSON.stringify(options)}: ${fit.ok ? 'ok' : fit.reason}`);
  }
});

test("calibrateModel in vega-scaled price space (no implied-vol inversion) recovers the same Heston parameters from noise-free vols", () => {
  const fit = calibrateModel(createHestonSpec(), hestonSurface(crypto, 0), { priceError: 'vegaScaledPrice' });
  assert.ok(fit.ok, fit.ok ? '' : fit.reason);
  for (const name of ['v0', 'kappa', 'theta', 'sigma', 'rho'] as const) {
    assert.ok(Math.abs(fit.params[name] - crypto[name]) <= 1e-6 * Math.max(1, Math.abs(crypto[name])), `${name}: ${fit.params[name]}`);
  }
});

test('calibrateModel without an analytic gradient (central differences of prices) recovers the same Merton parameters', () => {
  const spec = createMertonSpec();
  assert.ok(spec.sliceWithGradientInto !== undefined);
  // The same spec without its analytic gradient: the calibrator falls back to central differences.
  const withoutGradient: ModelSpec<MertonParams> = {
    name: spec.name, model: spec.model, packedNames: spec.packedNames, lower: spec.lower, upper: spec.upper,
    pack: (p) => spec.pack(p), unpack: (x) => spec.unpack(x), startCandidates: (shape) => spec.startCandidates(shape),
  };
  const truth = { sigma: 0.5, lambda: 2, nu: -0.08, delta: 0.12 };
  const slices = modelSurface(merton, truth, { days: [7, 30, 90, 180], strikes: 11, shift: 1e-3 });
  const fit = calibrateModel(withoutGradient, slices);
  assert.ok(fit.ok, fit.ok ? '' : fit.reason);
  assert.equal(fit.solver.analyticJacobian, false);
  for (const name of ['sigma', 'lambda', 'nu', 'delta'] as const) {
    const fitted = fit.params[name];
    assert.ok(Math.abs(fitted - truth[name]) <= 1e-5 * Math.max(1, Math.abs(truth[name])), `${name}: ${fitted} vs ${truth[name]}`);
  }
});
