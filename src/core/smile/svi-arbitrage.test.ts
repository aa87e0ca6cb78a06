import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../numerics/random.ts';
import type { SviParams } from './svi.ts';
import { sviTotalVariance } from './svi.ts';
import { butterflyReport, hasButterflyArbitrage, minimumG, sviDensityFactor, sviDensityFactorWithGradient } from './svi-arbitrage.ts';

/** g(k) from central finite differences of w: an implementation independent of the closed-form w', w''. */
function gByFiniteDifferences(p: SviParams, k: number): number {
  const h = 1e-3 * p.sigma;
  const w = sviTotalVariance(p, k);
  const up = sviTotalVariance(p, k + h);
  const down = sviTotalVariance(p, k - h);
  const w1 = (up - down) / (2 * h);
  const w2 = (up - 2 * w + down) / (h * h);
  return (1 - (k * w1) / (2 * w)) ** 2 - ((w1 * w1) / 4) * (1 / w + 1 / 4) + w2 / 2;
}

/**
 * Gatheral & Jacquier 2014, Example 3.1 (due to Axel Vogt), T = 1: parameters that satisfy Lee's bound and
 * have a positive minimum variance, yet imply a negative density. Values as quoted by Le Floch
 * (chasethedevil.github.io, "Dearbitraging a weak smile on SVI with Damghani's method") from the paper.
 */
const vogt: SviParams = { a: -0.041, b: 0.1331, rho: 0.306, m: 0.3586, sigma: 0.4153 };

/** Deribit-like smiles: BTC one month (ATM ≈ 55%) and two days (ATM ≈ 60%, steep short-dated wings). */
const deribitMonth: SviParams = { a: 0.012, b: 0.1, rho: 0.1, m: 0, sigma: 0.1 };
const deribitTwoDays: SviParams = { a: 0.0008, b: 0.04, rho: -0.2, m: 0.01, sigma: 0.03 };

/** A random SVI smile with positive variance, and a log-moneyness in [−1.5, 1.5]. */
function seededSmileAndPoint(rng: ReturnType<typeof createRng>): { p: SviParams; k: number } {
  const b = rng.uniform(0.01, 0.9);
  const rho = rng.uniform(-0.9, 0.9);
  const sigma = rng.uniform(0.02, 0.6);
  const p = { a: -b * sigma * Math.sqrt(1 - rho * rho) + rng.uniform(0.005, 0.1), b, rho, m: rng.uniform(-0.3, 0.3), sigma };
  return { p, k: rng.uniform(-1.5, 1.5) };
}

test('g(k) in closed form matches g built from finite differences of w on seeded smiles', () => {
  const rng = createRng(314);
  for (let i = 0; i < 300; i++) {
    const { p, k } = seededSmileAndPoint(rng);
    const exact = sviDensityFactor(p, k);
    const fd = gByFiniteDifferences(p, k);
    assert.ok(Math.abs(exact - fd) <= 1e-5 * (1 + Math.abs(exact)), `k = ${k}, ${JSON.stringify(p)}: ${exact} vs ${fd}`);
  }
});

test('the Gatheral–Jacquier (Vogt) example has g < 0 although its wings satisfy Lee and min w > 0', () => {
  const report = butterflyReport(vogt);
  assert.ok(report.leeBoundHolds);
  assert.ok(report.minimumTotalVariance > 0);
  assert.ok(report.minimumG < -0.02, `min g = ${report.minimumG}`); // −0.0329 at k ≈ 0.879 on this implementation
  assert.ok(sviDensityFactor(vogt, report.atLogMoneyness) === report.minimumG);
  assert.equal(hasButterflyArbitrage(vogt), true);
});

test('typical Deribit smiles (1 month, 2 days) are free of butterfly arbitrage', () => {
  for (const p of [deribitMonth, deribitTwoDays]) {
    const report = butterflyReport(p);
    assert.ok(report.minimumG > 0, `min g = ${report.minimumG} at k = ${report.atLogMoneyness}`);
    assert.equal(hasButterflyArbitrage(p), false);
  }
});

test('minimumG refines the grid minimum: it beats every node and agrees with a 100× denser grid', () => {
  const coarse = minimumG(vogt, -1, 2, 30);
  const h = 3 / 30;
  for (let i = 0; i <= 30; i++) assert.ok(coarse.minimum <= sviDensityFactor(vogt, -1 + i * h));
  let dense = Infinity;
  for (let i = 0; i <= 300000; i++) dense = Math.min(dense, sviDensityFactor(vogt, -1 + (3 * i) / 300000));
  assert.ok(coarse.minimum <= dense + 1e-12 && dense - coarse.minimum < 1e-9, `${coarse.minimum} vs ${dense}`);
});

test('g tends to 1/4 − slope²/16 in each wing (so Lee’s bound slope ≤ 2 is what keeps the far wings arbitrage-free)', () => {
  const p = { a: 0.02, b: 0.5, rho: 0.4, m: 0.1, sigma: 0.2 };
  const right = p.b * (1 + p.rho);
  const left = p.b * (1 - p.rho);
  assert.ok(Math.abs(sviDensityFactor(p, 1e7) - (0.25 - right ** 2 / 16)) < 1e-5);
  assert.ok(Math.abs(sviDensityFactor(p, -1e7) - (0.25 - left ** 2 / 16)) < 1e-5);
});

test('a wing steeper than Lee’s bound is flagged even when g is positive on the scanned window', () => {
  // b(1 + ρ) = 2.03 on a high level: g only turns negative far beyond |k| = 12, where w ≫ a.
  const steep = { a: 20, b: 1.45, rho: 0.4, m: 0, sigma: 0.3 };
  const report = butterflyReport(steep);
  assert.ok(report.minimumG > 0, `min g = ${report.minimumG}`);
  assert.equal(report.leeBoundHolds, false);
  assert.ok(Math.abs(report.wingSlopeRight - 2.03) < 1e-12);
  assert.ok(sviDensityFactor(steep, 1e6) < 0, 'the density does turn negative far out');
  assert.equal(hasButterflyArbitrage(steep), true);
});

test('g is −Infinity where the total variance is not positive, and such a smile is flagged', () => {
  const negative = { a: -0.1, b: 0.1, rho: 0, m: 0, sigma: 0.1 }; // min w = −0.09
  assert.equal(sviDensityFactor(negative, 0), Number.NEGATIVE_INFINITY);
  assert.equal(hasButterflyArbitrage(negative), true);
});

test('the gradient of g in closed form matches central differences in each of a, b, ρ, m, σ', () => {
  const rng = createRng(2718);
  const names = ['a', 'b', 'rho', 'm', 'sigma'] as const;
  const gradient = new Float64Array(5);
  for (let i = 0; i < 300; i++) {
    const { p, k } = seededSmileAndPoint(rng);
    const g = sviDensityFactorWithGradient(p, k, gradient);
    assert.equal(g, sviDensityFactor(p, k), 'the same g as sviDensityFactor, bit for bit');
    names.forEach((name, j) => {
      const h = 1e-6 * Math.max(Math.abs(p[name]), 1e-3);
      const fd = (sviDensityFactor({ ...p, [name]: p[name] + h }, k) - sviDensityFactor({ ...p, [name]: p[name] - h }, k)) / (2 * h);
      assert.ok(Math.abs(gradient[j]! - fd) <= 1e-5 * (1 + Math.abs(fd)), `∂g/∂${name} at k = ${k}, ${JSON.stringify(p)}: ${gradient[j]} vs ${fd}`);
    });
  }
  assert.equal(sviDensityFactorWithGradient({ a: -1, b: 0.1, rho: 0, m: 0, sigma: 0.1 }, 0, gradient), Number.NEGATIVE_INFINITY);
  assert.deepEqual(Array.from(gradient), [0, 0, 0, 0, 0]);
});
