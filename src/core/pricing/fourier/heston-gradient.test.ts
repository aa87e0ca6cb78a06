import assert from 'node:assert/strict';
import { test } from 'node:test';

import { hestonLogMgfInto } from './heston.ts';
import type { HestonParams } from './heston.ts';
import { heston } from './heston.ts';
import { HESTON_GRADIENT_ORDER, hestonLogMgfGradientInto, priceSliceWithGradientInto } from './heston-gradient.ts';
import { priceEuropean, priceSliceInto } from './price.ts';
import { createFourierWorkspace } from './workspace.ts';

function bumped(p: HestonParams, field: (typeof HESTON_GRADIENT_ORDER)[number], h: number): HestonParams {
  return { ...p, [field]: p[field] + h };
}

test('the analytic gradient of ln M matches central finite differences (1e-7 relative) at complex w, sigma from 0.001 to 3, T from 1 day to 3 years', () => {
  const psi = new Float64Array(2);
  const grad = new Float64Array(10);
  const up = new Float64Array(2);
  const dn = new Float64Array(2);
  for (const sigma of [0.001, 0.3, 1.2, 3]) {
    for (const rho of [-0.7, 0.2]) {
      const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma, rho };
      for (const T of [1 / 365, 0.25, 3]) {
        for (const [wr, wi] of [[1.4, 0.5], [1.2, 8], [-0.6, 3], [-3, 30], [25, 2]] as const) {
          hestonLogMgfGradientInto(p, T, wr, wi, psi, grad);
          hestonLogMgfInto(p, T, wr, wi, up);
          assert.equal(psi[0], up[0]);
          assert.equal(psi[1], up[1]);
          HESTON_GRADIENT_ORDER.forEach((field, i) => {
            const h = 1e-6 * Math.max(Math.abs(p[field]), 0.01);
            hestonLogMgfInto(bumped(p, field, h), T, wr, wi, up);
            hestonLogMgfInto(bumped(p, field, -h), T, wr, wi, dn);
            const fdRe = (up[0]! - dn[0]!) / (2 * h);
            const fdIm = (up[1]! - dn[1]!) / (2 * h);
            // Central-difference error: round-off ~ ε|ψ|/h plus truncation, well below 1e-7 relative.
            const bound = 1e-7 * Math.hypot(fdRe, fdIm) + (100 * Number.EPSILON * Math.hypot(psi[0]!, psi[1]!)) / h;
            const err = Math.hypot(grad[2 * i]! - fdRe, grad[2 * i + 1]! - fdIm);
            assert.ok(err <= bound, `σ=${sigma} ρ=${rho} T=${T} w=${wr}+${wi}i ∂/∂${field}: ${grad[2 * i]}+${grad[2 * i + 1]}i vs ${fdRe}+${fdIm}i`);
          });
        }
      }
    }
  }
});

test('the gradient of ln M is finite at sigma = 0 and equals its finite-difference limit there', () => {
  const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 0, rho: -0.5 };
  const psi = new Float64Array(2);
  const grad = new Float64Array(10);
  const up = new Float64Array(2);
  const base = new Float64Array(2);
  hestonLogMgfGradientInto(p, 0.5, 1.5, 4, psi, grad);
  assert.ok(grad.every(Number.isFinite));
  // One-sided difference for σ (σ ≥ 0): O(h) error.
  const h = 1e-7;
  hestonLogMgfInto({ ...p, sigma: h }, 0.5, 1.5, 4, up);
  hestonLogMgfInto(p, 0.5, 1.5, 4, base);
  assert.ok(Math.abs(grad[6]! - (up[0]! - base[0]!) / h) < 1e-5);
  assert.ok(Math.abs(grad[7]! - (up[1]! - base[1]!) / h) < 1e-5);
});

test('priceSliceWithGradientInto: prices equal priceSliceInto, and the Jacobian matches central differences of accurate prices to 1e-6 relative across crypto regimes', () => {
  const ws = createFourierWorkspace(15, 5);
  const F = 60000;
  const n = 15;
  const strikes = new Float64Array(n);
  const isCall = new Uint8Array(n);
  const out = new Float64Array(n);
  const plain = new Float64Array(n);
  const jac = new Float64Array(n * 5);
  for (const sigma of [0.3, 1.2, 3]) {
    for (const rho of [-0.7, 0.2]) {
      const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma, rho };
      for (const T of [1 / 365, 7 / 365, 0.25, 1, 3]) {
        const sd = Math.sqrt(0.4 * T);
        for (let i = 0; i < n; i++) {
          strikes[i] = F * Math.exp(((i - 7) / 7) * 3 * sd);
          isCall[i] = strikes[i]! >= F ? 1 : 0;
        }
        priceSliceWithGradientInto(p, F, T, strikes, isCall, out, jac, ws);
        priceSliceInto(heston, p, F, T, strikes, isCall, plain, ws);
        for (let i = 0; i < n; i++) assert.ok(Math.abs(out[i]! - plain[i]!) <= 1e-12 * plain[i]!);
        for (let i = 0; i < n; i += 2) {
          const type = isCall[i] === 1 ? 'call' : 'put';
          HESTON_GRADIENT_ORDER.forEach((field, j) => {
            const h = 1e-5 * Math.max(Math.abs(p[field]), 0.1);
            const opts = { relativeTolerance: 1e-13 };
            const fd = (priceEuropean(heston, bumped(p, field, h), F, strikes[i]!, T, type, opts)
              - priceEuropean(heston, bumped(p, field, -h), F, strikes[i]!, T, type, opts)) / (2 * h);
            // Scale: a parameter move of 1% of its size should be resolved to 1e-6 of the price change.
            const scale = Math.max(Math.abs(fd), 1e-6 * out[i]! / Math.max(Math.abs(p[field]), 0.1));
            const err = Math.abs(jac[i * 5 + j]! - fd) / scale;
            assert.ok(err <= 1e-6, `σ=${sigma} ρ=${rho} T=${T} K=${strikes[i]} ∂/∂${field}: ${jac[i * 5 + j]} vs ${fd} (${err})`);
          });
        }
      }
    }
  }
});

test('priceSliceWithGradientInto at sigma = 0 (a flat-smile calibration\'s end point): finite Jacobian, ∂/∂σ equal to the one-sided difference of prices', () => {
  const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 0, rho: -0.5 };
  const F = 100;
  const T = 0.25;
  const strikes = new Float64Array([70, 90, 100, 110, 140]);
  const isCall = Uint8Array.from(strikes, (K) => (K >= F ? 1 : 0));
  const out = new Float64Array(5);
  const jac = new Float64Array(25);
  priceSliceWithGradientInto(p, F, T, strikes, isCall, out, jac, createFourierWorkspace(5, 5));
  assert.ok(jac.every(Number.isFinite) && out.every(Number.isFinite));
  const h = 1e-6;
  strikes.forEach((K, i) => {
    const type = isCall[i] === 1 ? 'call' : 'put';
    const opts = { relativeTolerance: 1e-13 };
    const fd = (priceEuropean(heston, { ...p, sigma: h }, F, K, T, type, opts) - priceEuropean(heston, p, F, K, T, type, opts)) / h;
    // One-sided: O(h·∂²P/∂σ²) truncation.
    assert.ok(Math.abs(jac[i * 5 + 3]! - fd) <= 1e-4 * Math.max(Math.abs(fd), 1e-3), `K=${K}: ${jac[i * 5 + 3]} vs ${fd}`);
  });
});
