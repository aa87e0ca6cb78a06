import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../numerics/random.ts';
import { smileSliceFromArrays } from '../calibration/smile-slice.ts';
import type { SviParams } from './svi.ts';
import { sviCurvature, sviModel, sviSlope, sviTotalVariance, sviTotalVarianceWithGradientUnchecked } from './svi.ts';
import { sviDomainViolation, sviMinimumTotalVariance, sviWingSlopes } from './svi-domain.ts';

/** Seeded raw-SVI parameters inside the domain (min w > 0, Lee's bound), with a k to evaluate at. */
function randomCases(seed: number, count: number): { p: SviParams; k: number }[] {
  const rng = createRng(seed);
  const out: { p: SviParams; k: number }[] = [];
  while (out.length < count) {
    const b = rng.uniform(0.01, 0.9);
    const rho = rng.uniform(-0.9, 0.9);
    const sigma = rng.uniform(0.01, 0.6);
    const floor = -b * sigma * Math.sqrt(1 - rho * rho);
    const p = { a: floor + rng.uniform(0.001, 0.1), b, rho, m: rng.uniform(-0.3, 0.3), sigma };
    if (sviDomainViolation(p) !== null) continue;
    out.push({ p, k: rng.uniform(-1.5, 1.5) });
  }
  return out;
}

const names = ['a', 'b', 'rho', 'm', 'sigma'] as const;

test('∂w/∂(a, b, ρ, m, σ) matches central finite differences on 500 seeded parameter sets and strikes', () => {
  const gradient = new Float64Array(5);
  let worst = 0;
  for (const { p, k } of randomCases(20240601, 500)) {
    sviTotalVarianceWithGradientUnchecked(p, k, gradient);
    names.forEach((name, j) => {
      const h = 1e-6 * Math.max(1, Math.abs(p[name]));
      const up = sviTotalVariance({ ...p, [name]: p[name] + h }, k);
      const down = sviTotalVariance({ ...p, [name]: p[name] - h }, k);
      const fd = (up - down) / (2 * h);
      const error = Math.abs(fd - gradient[j]!) / (1 + Math.abs(fd));
      worst = Math.max(worst, error);
      assert.ok(error < 1e-7, `∂w/∂${name} at k = ${k}, ${JSON.stringify(p)}: analytic ${gradient[j]} vs FD ${fd}`);
    });
  }
  assert.ok(worst > 0, 'the comparison ran');
});

test('∂w/∂k and ∂²w/∂k² match central finite differences of w', () => {
  for (const { p, k } of randomCases(7, 500)) {
    // Steps in units of σ, the scale on which w bends: the truncation errors (~h²·w‴/6, ~h²·w⁗/12) and
    // the rounding (~ε·w/h, ~4ε·w/h²) all stay well below the tolerances.
    const h1 = 1e-4 * p.sigma;
    const slopeFd = (sviTotalVariance(p, k + h1) - sviTotalVariance(p, k - h1)) / (2 * h1);
    assert.ok(Math.abs(sviSlope(p, k) - slopeFd) < 1e-8, `w' at k = ${k}: ${sviSlope(p, k)} vs ${slopeFd}`);
    const h2 = 1e-3 * p.sigma;
    const w0 = sviTotalVariance(p, k);
    const curvatureFd = (sviTotalVariance(p, k + h2) - 2 * w0 + sviTotalVariance(p, k - h2)) / (h2 * h2);
    const curvature = sviCurvature(p, k);
    assert.ok(Math.abs(curvature - curvatureFd) <= 1e-5 * curvature + 1e-5, `w'' at k = ${k}: ${curvature} vs ${curvatureFd}`);
  }
});

test('w(m) = a + bσ and the minimum over k is a + bσ√(1 − ρ²), reached at k* = m − ρσ/√(1 − ρ²)', () => {
  for (const { p } of randomCases(99, 200)) {
    assert.ok(Math.abs(sviTotalVariance(p, p.m) - (p.a + p.b * p.sigma)) < 1e-15);
    const kStar = p.m - (p.rho * p.sigma) / Math.sqrt(1 - p.rho * p.rho);
    const minimum = sviMinimumTotalVariance(p);
    assert.ok(Math.abs(sviTotalVariance(p, kStar) - minimum) < 1e-14);
    assert.ok(Math.abs(sviSlope(p, kStar)) < 1e-12, 'the slope vanishes at k*');
    for (const dk of [-1e-3, 1e-3, -0.1, 0.1]) assert.ok(sviTotalVariance(p, kStar + dk) >= minimum);
  }
});

test('the wings are asymptotically linear with slopes b(1 − ρ) and b(1 + ρ)', () => {
  const p = { a: 0.02, b: 0.4, rho: -0.3, m: 0.1, sigma: 0.2 };
  const slopes = sviWingSlopes(p);
  assert.ok(Math.abs(sviSlope(p, 1e4) - slopes.right) < 1e-8);
  assert.ok(Math.abs(-sviSlope(p, -1e4) - slopes.left) < 1e-8);
});

test('sviModel packs in the order a, b, rho, m, sigma and unpacks to the same fields', () => {
  const p = { a: 0.01, b: 0.2, rho: -0.4, m: 0.05, sigma: 0.15 };
  assert.deepEqual([...sviModel.parameterNames], ['a', 'b', 'rho', 'm', 'sigma']);
  assert.deepEqual([...sviModel.pack(p)], [0.01, 0.2, -0.4, 0.05, 0.15]);
  assert.deepEqual(sviModel.unpack(sviModel.pack(p)), p);
});

test('sviModel agrees with sviTotalVariance inside the domain, gradient included', () => {
  const gradient = new Float64Array(5);
  const reference = new Float64Array(5);
  for (const { p, k } of randomCases(5, 100)) {
    const x = sviModel.pack(p);
    assert.equal(sviModel.totalVariance(x, k, 0.5), sviTotalVariance(p, k));
    assert.equal(sviModel.totalVarianceWithGradient(x, k, 0.5, gradient), sviTotalVariance(p, k));
    sviTotalVarianceWithGradientUnchecked(p, k, reference);
    assert.deepEqual([...gradient], [...reference]);
  }
});

test('sviModel rejects (−Infinity) parameters with negative minimum variance or wings beyond Lee', () => {
  const gradient = new Float64Array(5).fill(7);
  const negativeMinimum = sviModel.pack({ a: -0.05, b: 0.1, rho: 0, m: 0, sigma: 0.1 }); // min w = −0.04
  const steepWing = sviModel.pack({ a: 0.01, b: 1.5, rho: 0.5, m: 0, sigma: 0.1 }); // b(1 + ρ) = 2.25
  for (const x of [negativeMinimum, steepWing]) {
    assert.equal(sviModel.totalVariance(x, 3, 1), Number.NEGATIVE_INFINITY);
    assert.equal(sviModel.totalVarianceWithGradient(x, 3, 1, gradient), Number.NEGATIVE_INFINITY);
    assert.deepEqual([...gradient], [0, 0, 0, 0, 0]);
  }
  assert.match(sviDomainViolation(sviModel.unpack(steepWing)) ?? '', /Lee/);
  assert.match(sviDomainViolation(sviModel.unpack(negativeMinimum)) ?? '', /min w/);
});

test('sviModel bounds hold b in [0, 2], |ρ| ≤ 0.999, m around the quote range and a positive σ', () => {
  const slice = smileSliceFromArrays({
    timeToExpiryYears: 0.1,
    forward: 100,
    logMoneyness: [-0.3, -0.1, 0, 0.1, 0.3],
    midVol: [0.7, 0.6, 0.55, 0.58, 0.65],
  });
  const { lower, upper } = sviModel.bounds(slice);
  assert.deepEqual([lower[1], upper[1]], [0, 2]);
  assert.deepEqual([lower[2], upper[2]], [-0.999, 0.999]);
  assert.ok(lower[3]! <= -0.3 && upper[3]! >= 0.3);
  assert.ok(lower[4]! > 0 && upper[4]! > lower[4]!);
  assert.ok(Math.abs(upper[0]! - 2 * 0.7 * 0.7 * 0.1) < 1e-15);
});

test('sviModel.initialGuess is inside the bounds and reproduces an SVI smile it was given', () => {
  const p = { a: 0.01, b: 0.15, rho: -0.25, m: 0.03, sigma: 0.12 };
  const T = 0.25;
  const k = Array.from({ length: 21 }, (_, i) => -0.5 + i * 0.05);
  const slice = smileSliceFromArrays({
    timeToExpiryYears: T,
    forward: 100,
    logMoneyness: k,
    midVol: k.map((x) => Math.sqrt(sviTotalVariance(p, x) / T)),
  });
  const x = sviModel.initialGuess(slice);
  const { lower, upper } = sviModel.bounds(slice);
  for (let j = 0; j < 5; j++) assert.ok(x[j]! >= lower[j]! && x[j]! <= upper[j]!, `parameter ${j} = ${x[j]}`);
  for (const kk of k) assert.ok(Math.abs(sviModel.totalVariance(x, kk, T) - sviTotalVariance(p, kk)) < 1e-3 * sviTotalVariance(p, kk));
});

test('sviModel.initialGuess on a 3-quote slice is a finite flat start inside the bounds', () => {
  const slice = smileSliceFromArrays({ timeToExpiryYears: 0.1, forward: 100, logMoneyness: [-0.1, 0, 0.1], midVol: [0.6, 0.5, 0.55] });
  const x = sviModel.initialGuess(slice);
  const { lower, upper } = sviModel.bounds(slice);
  for (let j = 0; j < 5; j++) assert.ok(Number.isFinite(x[j]!) && x[j]! >= lower[j]! && x[j]! <= upper[j]!);
  assert.ok(sviModel.totalVariance(x, 0, 0.1) > 0);
});
