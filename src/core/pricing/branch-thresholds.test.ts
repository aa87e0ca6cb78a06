import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LOWEST_CORRECTION_SC_MAX,
  lowerMapCurvatureTimesThreshold,
  lowerMapOverThreshold,
  lowerMapSlope,
  lowerThresholdOverMax,
  lowerVegaOverMax,
  upperThresholdOverMax,
  upperVegaOverMax,
} from './branch-thresholds.ts';
import { normCdf, normPdf } from '../numerics/normal.ts';
import { normalisedBlackOtm, normalisedVega } from './normalised-black.ts';

// Oracle: the definitions (Jäckel 2015, initial-guess section) evaluated with the mpmath-checked normalised Black function.
function nodes(x: number): [number, number, number, number] {
  const sC = Math.sqrt(-2 * x);
  const bMax = Math.exp(0.5 * x);
  const bC = normalisedBlackOtm(x, sC);
  const vC = normalisedVega(x, sC);
  const sL = sC - bC / vC;
  const sU = sC + (bMax - bC) / vC;
  return [normalisedBlackOtm(x, sL) / bMax, normalisedBlackOtm(x, sU) / bMax, normalisedVega(x, sL) / bMax, normalisedVega(x, sU) / bMax];
}

test('the fitted b_l, b_u, b\'(s_l), b\'(s_u) over b_max are within 5e-10, 5e-10, 2e-9, 5e-9 of their definitions for |x| from 1e-6 to 1400', () => {
  for (let e = -6; e <= Math.log10(1400); e += 0.01) {
    const x = -(10 ** e);
    const [lower, upper, vegaLower, vegaUpper] = nodes(x);
    const sC = Math.sqrt(-2 * x);
    assert.ok(Math.abs(lowerThresholdOverMax(sC) / lower - 1) < 5e-10, `b_l at x = ${x}`);
    assert.ok(Math.abs(upperThresholdOverMax(sC) / upper - 1) < 5e-10, `b_u at x = ${x}`);
    assert.ok(Math.abs(lowerVegaOverMax(sC) / vegaLower - 1) < 2e-9, `b'(s_l) at x = ${x}`);
    assert.ok(Math.abs(upperVegaOverMax(sC) / vegaUpper - 1) < 5e-9, `b'(s_u) at x = ${x}`);
  }
});

test('at the money b_l/b_max = 0 and b_u/b_max = 1 − 2Φ(−√(π/2)) = 0.78990859455606', () => {
  // s_c = 0 gives s_u = √(2π) and b_u = Φ(√(π/2)) − Φ(−√(π/2)).
  assert.equal(lowerThresholdOverMax(0), 0);
  assert.ok(Math.abs(upperThresholdOverMax(0) / 0.7899085945560627 - 1) < 5e-10);
});

// Oracle for the lower map: f_l(s) = (2π|x|/√27)·Φ(−z)³, z = |x|/(√3 s) (Jäckel 2015), and its β-derivatives
// at s_l by the chain rule, f' = (df/ds)/b'(s) and f'' = (d²f/ds² − f'·b''(s))/b'(s)², with b''/b' = h²/s − s/4.
function lowerMapOracle(x: number): [number, number, number] {
  const sC = Math.sqrt(-2 * x);
  const bC = normalisedBlackOtm(x, sC);
  const vC = normalisedVega(x, sC);
  const sL = sC - bC / vC;
  const bL = normalisedBlackOtm(x, sL);
  const vL = normalisedVega(x, sL);
  const ax = -x;
  const c = (2 * Math.PI * ax) / Math.sqrt(27);
  const z = ax / (Math.sqrt(3) * sL);
  const Phi = normCdf(-z);
  const phi = normPdf(z);
  // dz/ds = −z/s, so dΦ(−z)/ds = φz/s, dφ(z)/ds = z²φ/s and d(z/s)/ds = −2z/s²; with f = cΦ³:
  // df/ds = 3cΦ²φz/s and d²f/ds² = 3c·[2Φ(φz/s)·φz/s + Φ²(z²φ/s)·z/s − 2Φ²φz/s²].
  const dPhi = (phi * z) / sL;
  const dfds = 3 * c * Phi * Phi * dPhi;
  const d2fds2 = 3 * c * (2 * Phi * dPhi * dPhi + (Phi * Phi * z * z * phi * z) / (sL * sL) - (2 * Phi * Phi * phi * z) / (sL * sL));
  const h = x / sL;
  const fp = dfds / vL;
  const fpp = (d2fds2 - fp * vL * ((h * h) / sL - sL / 4)) / (vL * vL);
  return [(c * Phi * Phi * Phi) / bL, fp, fpp * bL];
}

test('the fitted lower map at s_l (f_l/b_l, f_l\', f_l\'\'·b_l) matches its definition to 1e-7 for s_c up to 2.44', () => {
  for (let sC = 1e-4; sC <= LOWEST_CORRECTION_SC_MAX; sC *= 1.05) {
    const x = -0.5 * sC * sC;
    const z = sC / (sC + 2);
    const [f, fp, fpp] = lowerMapOracle(x);
    assert.ok(Math.abs(lowerMapOverThreshold(z) / f - 1) < 1e-7, `f_l at s_c = ${sC}: ${lowerMapOverThreshold(z)} vs ${f}`);
    assert.ok(Math.abs(lowerMapSlope(z) / fp - 1) < 1e-7, `f_l' at s_c = ${sC}: ${lowerMapSlope(z)} vs ${fp}`);
    assert.ok(Math.abs(lowerMapCurvatureTimesThreshold(z) / fpp - 1) < 1e-7, `f_l'' at s_c = ${sC}: ${lowerMapCurvatureTimesThreshold(z)} vs ${fpp}`);
  }
});
