import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sviTotalVariance } from '../smile/svi.ts';
import { durrlemanG } from '../smile/butterfly.ts';
import { createRng } from '../numerics/random.ts';
import {
  durrlemanFromDerivatives,
  powerLawIsArbitrageFree,
  powerLawPsi,
  sliceButterflyMargins,
  sliceStrikeDerivatives,
  sliceTotalVarianceGradient,
  sliceTotalVarianceUnchecked,
  ssviSliceTotalVariance,
} from './ssvi.ts';

const slices = [
  { theta: 0.0005, rho: -0.4, psi: 0.01 },
  { theta: 0.04, rho: 0.1, psi: 0.15 },
  { theta: 0.4, rho: -0.7, psi: 0.9 },
];
const ks = [-1.5, -0.4, -0.05, 0, 0.03, 0.3, 1.2];

test('the ψ form equals Gatheral–Jacquier eq. (4.1) in its θ, φ form', () => {
  for (const s of slices) {
    const phi = s.psi / s.theta;
    for (const k of ks) {
      const gj = (s.theta / 2) * (1 + s.rho * phi * k + Math.sqrt((phi * k + s.rho) ** 2 + 1 - s.rho ** 2));
      assert.ok(Math.abs(ssviSliceTotalVariance(s, k) - gj) <= 1e-14 * gj, `k = ${k}`);
    }
  }
});

test('an SSVI slice is the raw SVI smile a = θ(1 − ρ²)/2, b = θφ/2, m = −ρ/φ, σ = √(1 − ρ²)/φ (GJ §3)', () => {
  for (const s of slices) {
    const phi = s.psi / s.theta;
    const svi = { a: (s.theta * (1 - s.rho ** 2)) / 2, b: (s.theta * phi) / 2, rho: s.rho, m: -s.rho / phi, sigma: Math.sqrt(1 - s.rho ** 2) / phi };
    for (const k of ks) {
      const expected = sviTotalVariance(svi, k);
      assert.ok(Math.abs(ssviSliceTotalVariance(s, k) - expected) <= 1e-12 * expected, `k = ${k}`);
    }
  }
});

test('ψ = 0 is the flat smile w ≡ θ', () => {
  for (const k of ks) assert.equal(sliceTotalVarianceUnchecked(k, 0.04, 0, 0), 0.04);
});

test('the gradient in (θ, ρψ, ψ) matches central finite differences to 1e-7', () => {
  const out = new Float64Array(4);
  for (const s of slices) {
    const a = s.rho * s.psi;
    for (const k of ks) {
      sliceTotalVarianceGradient(k, s.theta, a, s.psi, out);
      const h = 1e-6 * s.theta;
      const fd = [
        (sliceTotalVarianceUnchecked(k, s.theta + h, a, s.psi) - sliceTotalVarianceUnchecked(k, s.theta - h, a, s.psi)) / (2 * h),
        (sliceTotalVarianceUnchecked(k, s.theta, a + h, s.psi) - sliceTotalVarianceUnchecked(k, s.theta, a - h, s.psi)) / (2 * h),
        (sliceTotalVarianceUnchecked(k, s.theta, a, s.psi + h) - sliceTotalVarianceUnchecked(k, s.theta, a, s.psi - h)) / (2 * h),
      ];
      fd.forEach((d, j) => {
        assert.ok(Math.abs(out[j + 1]! - d) <= 1e-7 * (Math.abs(d) + Math.abs(k) + 1), `k = ${k}, j = ${j}: ${out[j + 1]} vs ${d}`);
      });
    }
  }
});

test("the strike derivatives and Durrleman's g match butterfly.ts's finite-difference g", () => {
  const out = new Float64Array(3);
  for (const s of slices) {
    const a = s.rho * s.psi;
    for (const k of ks) {
      sliceStrikeDerivatives(k, s.theta, a, s.psi, out);
      const g = durrlemanFromDerivatives(k, out[0]!, out[1]!, out[2]!);
      const fd = durrlemanG((x) => sliceTotalVarianceUnchecked(x, s.theta, a, s.psi), k, 1e-4 * Math.sqrt(s.theta));
      assert.ok(Math.abs(g - fd) <= 1e-5 * Math.max(1, Math.abs(g)), `k = ${k}: ${g} vs ${fd}`);
    }
  }
});

test('power law with η(1 + |ρ|) ≤ 2 and γ ≤ ½ meets GJ Thm 4.2 at every θ from 1e-8 to 1e4', () => {
  const rng = createRng(42);
  for (let trial = 0; trial < 200; trial++) {
    const rho = rng.uniform(-0.99, 0.99);
    const gamma = rng.uniform(0, 0.5);
    const eta = (2 / (1 + Math.abs(rho))) * rng.uniform(0.01, 1);
    assert.ok(powerLawIsArbitrageFree({ rho, eta, gamma }));
    for (let e = -8; e <= 4; e += 0.25) {
      const theta = 10 ** e;
      const m = sliceButterflyMargins({ theta, rho, psi: powerLawPsi(theta, eta, gamma) });
      assert.ok(m.skew > 0 && m.curvature >= -1e-15 * theta, `θ = ${theta}, ρ = ${rho}, η = ${eta}, γ = ${gamma}`);
    }
  }
});

test('power law with η(1 + |ρ|) > 2 is not certified', () => {
  assert.equal(powerLawIsArbitrageFree({ rho: -0.5, eta: 1.5, gamma: 0.4 }), false);
  assert.equal(powerLawIsArbitrageFree({ rho: 0, eta: 1, gamma: 0.6 }), false);
});
