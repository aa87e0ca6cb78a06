import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerThresholdOverMax, lowerVegaOverMax, upperThresholdOverMax, upperVegaOverMax } from './branch-thresholds.ts';
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
