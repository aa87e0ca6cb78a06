import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SmileSlice } from '../smile-slice.ts';
import { modelSurface } from '../testing/model-surface.ts';
import { calibrateModel } from '../calibrate-model.ts';
import { marketShape } from '../market-shape.ts';
import type { ModelSpec } from '../model-spec.ts';
import { stochasticModelNames, stochasticModelSpec } from './index.ts';
import { priceSliceInto } from '../../pricing/fourier/price.ts';
import { createFourierWorkspace } from '../../pricing/fourier/workspace.ts';

/** Five expiries × 13 strikes (±2 standard deviations at 60%) of the model's own implied vols. */
function surface<P>(spec: ModelSpec<P>, truth: P): SmileSlice[] {
  return modelSurface(spec.model, truth, { days: [7, 30, 90, 180, 365], strikes: 13, shift: 1e-3 });
}

const truths: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  merton: { sigma: 0.5, lambda: 2, nu: -0.08, delta: 0.12 },
  kou: { sigma: 0.5, lambda: 3, p: 0.35, eta1: 12, eta2: 8 },
  vg: { sigma: 0.6, nu: 0.3, theta: -0.2 },
  bates: { v0: 0.36, kappa: 2, theta: 0.49, sigma: 0.8, rho: -0.3, lambda: 1, nu: -0.1, delta: 0.15 },
};

for (const name of ['merton', 'kou', 'vg', 'bates'] as const) {
  test(`calibrateModel recovers ${name} parameters from its own noise-free surface, from the generic start (to 1e-6)`, () => {
    const spec = stochasticModelSpec(name);
    const truth = truths[name]!;
    const fit = calibrateModel(spec, surface(spec, truth));
    assert.ok(fit.ok, fit.ok ? '' : fit.reason);
    const params = fit.params as Readonly<Record<string, number>>;
    for (const [key, value] of Object.entries(truth)) {
      assert.ok(Math.abs(params[key]! - value) <= 1e-6 * Math.max(1, Math.abs(value)), `${key}: ${params[key]} vs ${value}`);
    }
    assert.ok(fit.statistics.rmseVolPoints < 1e-6);
  });
}

test('every model spec packs and unpacks its named parameters losslessly, inside its box, with one name per slot', () => {
  for (const name of stochasticModelNames) {
    const spec = stochasticModelSpec(name);
    const n = spec.packedNames.length;
    assert.equal(spec.lower.length, n);
    assert.equal(spec.upper.length, n);
    const candidates = spec.startCandidates(marketShape([]));
    assert.ok(candidates.length > 0);
    for (const candidate of candidates) {
      const x = spec.pack(candidate);
      assert.equal(x.length, n);
      assert.deepEqual(spec.pack(spec.unpack(x)), x, name);
    }
  }
});

test('the Feller spec packs σ/√(2κθ) and unpacks it back to σ', () => {
  const spec = stochasticModelSpec('heston', { feller: true });
  const params = { v0: 0.3, kappa: 2, theta: 0.4, sigma: 0.9, rho: -0.2 };
  const x = spec.pack(params);
  assert.ok(Math.abs(x[3]! - 0.9 / Math.sqrt(1.6)) < 1e-15);
  const back = spec.unpack(x) as typeof params;
  assert.ok(Math.abs(back.sigma - 0.9) < 1e-15);
});

test('every analytic spec gradient, Feller packing included, matches central differences of prices in the packed parameters', () => {
  const n = 9;
  const strikes = Float64Array.from({ length: n }, (_, i) => Math.exp((i - 4) * 0.08));
  const isCall = Uint8Array.from(strikes, (k) => (k >= 1 ? 1 : 0));
  const cases = [
    { name: 'heston', feller: false, params: { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 } },
    { name: 'heston', feller: true, params: { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 } },
    { name: 'bates', feller: true, params: { v0: 0.36, kappa: 2, theta: 0.49, sigma: 0.8, rho: -0.3, lambda: 1, nu: -0.1, delta: 0.15 } },
    { name: 'merton', feller: false, params: { sigma: 0.5, lambda: 2, nu: -0.08, delta: 0.12 } },
    { name: 'kou', feller: false, params: { sigma: 0.5, lambda: 3, p: 0.35, eta1: 12, eta2: 8 } },
    { name: 'vg', feller: false, params: { sigma: 0.6, nu: 0.3, theta: -0.2 } },
  ] as const;
  for (const c of cases) {
    const spec = stochasticModelSpec(c.name, { feller: c.feller });
    assert.ok(spec.sliceWithGradientInto !== undefined, c.name);
    const size = spec.packedNames.length;
    const ws = createFourierWorkspace(n, size);
    const x = spec.pack(c.params);
    const prices = new Float64Array(n);
    const jacobian = new Float64Array(n * size);
    const up = new Float64Array(n);
    const dn = new Float64Array(n);
    spec.sliceWithGradientInto(x, 1, 0.1, strikes, isCall, prices, jacobian, ws, { relativeTolerance: 1e-12 });
    for (let j = 0; j < size; j++) {
      const h = 1e-5 * Math.max(Math.abs(x[j]!), 0.01);
      const shifted = Float64Array.from(x);
      shifted[j] = x[j]! + h;
      priceSliceInto(spec.model, spec.unpack(shifted), 1, 0.1, strikes, isCall, up, ws, { relativeTolerance: 1e-13 });
      shifted[j] = x[j]! - h;
      priceSliceInto(spec.model, spec.unpack(shifted), 1, 0.1, strikes, isCall, dn, ws, { relativeTolerance: 1e-13 });
      for (let i = 0; i < n; i++) {
        const fd = (up[i]! - dn[i]!) / (2 * h);
        const bound = 1e-6 * Math.abs(fd) + (1e-12 * prices[i]!) / h + 1e-14;
        assert.ok(Math.abs(jacobian[i * size + j]! - fd) <= bound, `${c.name} feller=${String(c.feller)} ∂/∂${spec.packedNames[j]} at K=${strikes[i]}: ${jacobian[i * size + j]} vs ${fd}`);
      }
    }
  }
});
