import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  complementaryNormalisedBlackOtm,
  normalisedBlack,
  normalisedBlackOtm,
  normalisedBlackOverVegaOtm,
  normalisedIntrinsic,
  normalisedVega,
} from './normalised-black.ts';

const EPS = Number.EPSILON;

interface BlackFixture {
  /** [x, s, b, b/b', cond, b_max − b], x ≤ 0; cond = 1 + |∂ln b/∂ln s| + |∂ln b/∂ln x|. */
  readonly cases: readonly (readonly [number, number, number, number, number, number])[];
}
// Oracle: mpmath at 110 digits (scripts/fixtures/generate-implied-vol-fixtures.py): a 14 × 13 grid of
// x ∈ [−700, 0], s ∈ [1e-8, 60], 700 log-uniform draws, and points straddling the regime boundaries
// h = x/s = −10 and t = s/2 = τ ≈ 0.21.
const fixture = JSON.parse(readFileSync(new URL('./fixtures/normalised-black.json', import.meta.url), 'utf8')) as BlackFixture;

test('normalisedBlackOtm(x, s) is within 4ε·cond of mpmath in every regime (asymptotic, small-t, Cody)', (t) => {
  let worst = 0;
  let at: readonly number[] = [];
  for (const c of fixture.cases) {
    const [x, s, b, , cond] = c;
    const k = Math.abs(normalisedBlackOtm(x, s) / b - 1) / (EPS * cond);
    if (k > worst) {
      worst = k;
      at = c;
    }
  }
  t.diagnostic(`worst ${worst.toFixed(3)}·ε·cond over ${fixture.cases.length} cases`);
  assert.ok(fixture.cases.length > 1000);
  assert.ok(worst <= 4, `${worst.toFixed(2)}·ε·cond at [x, s] = [${at[0]}, ${at[1]}]`);
});

test('normalisedBlackOtm is exact to a few ulp where it is well conditioned (cond < 2): relative error ≤ 8ε', () => {
  let n = 0;
  for (const [x, s, b, , cond] of fixture.cases) {
    if (cond >= 2) continue;
    n++;
    assert.ok(Math.abs(normalisedBlackOtm(x, s) / b - 1) <= 8 * EPS, `x = ${x}, s = ${s}`);
  }
  assert.ok(n > 20);
});

test('normalisedBlackOverVegaOtm(x, s) = b/b\' is within 4ε·(cond + |h² − t²|) of mpmath', () => {
  // b' carries e^{−(h²+t²)/2}, so b/b' inherits the condition |∂ln b'/∂ln s| = |h² − t²| as well.
  for (const [x, s, , bOverVega, cond] of fixture.cases) {
    const h = x / s;
    const tt = s / 2;
    const bound = 4 * EPS * (cond + Math.abs(h * h - tt * tt));
    assert.ok(Math.abs(normalisedBlackOverVegaOtm(x, s) / bOverVega - 1) <= bound, `x = ${x}, s = ${s}`);
  }
});

test('complementaryNormalisedBlackOtm = b_max − b without cancellation: within 4ε(1 + s·b\'/b̄ + |x|) of mpmath', () => {
  for (const [x, s, , , , bBar] of fixture.cases) {
    if (!(bBar > 2.2250738585072014e-308)) continue;
    const bound = 4 * EPS * (1 + (s * normalisedVega(x, s)) / bBar + Math.abs(x));
    assert.ok(Math.abs(complementaryNormalisedBlackOtm(x, s) / bBar - 1) <= bound, `x = ${x}, s = ${s}`);
  }
  // Near b_max, where e^{x/2} − b would have lost everything: b̄(−0.5, 40) = 2.6e-88 (mpmath).
  assert.ok(complementaryNormalisedBlackOtm(-0.5, 40) > 0);
});

test('normalisedVega is ∂b/∂s: central differences agree to 1e-7 across regimes', () => {
  for (const [x, s] of [[-1e-3, 0.1], [-0.5, 0.3], [-2, 1], [-20, 1.5], [-0.1, 5], [0, 1], [-5, 0.3]] as const) {
    const d = 1e-6 * s;
    const fd = (normalisedBlackOtm(x, s + d) - normalisedBlackOtm(x, s - d)) / (2 * d);
    const v = normalisedVega(x, s);
    assert.ok(Math.abs(fd / v - 1) < 1e-7, `x = ${x}, s = ${s}: ${fd} vs ${v}`);
  }
});

test('normalisedBlack obeys put–call parity b_call − b_put = e^{x/2} − e^{−x/2} and symmetry b_put(x) = b_call(−x)', () => {
  for (const x of [-3, -0.7, -1e-4, 0, 2e-5, 0.4, 2.5]) {
    for (const s of [0.01, 0.2, 1, 3]) {
      const call = normalisedBlack(x, s, true);
      const put = normalisedBlack(x, s, false);
      const parity = 2 * Math.sinh(x / 2); // = e^{x/2} − e^{−x/2} without its cancellation
      assert.ok(Math.abs(call - put - parity) <= 4 * EPS * Math.max(call, put, 1e-300), `x = ${x}, s = ${s}`);
      assert.equal(put, normalisedBlack(-x, s, true));
    }
  }
});

test('normalisedBlack at s = 0 is the intrinsic value, and tends to b_max as s grows', () => {
  assert.equal(normalisedBlack(0.3, 0, true), normalisedIntrinsic(0.3, true));
  assert.equal(normalisedBlack(0.3, 0, false), 0);
  assert.equal(normalisedBlack(-0.3, 0, false), normalisedIntrinsic(-0.3, false));
  assert.equal(normalisedBlack(-0.4, 80, true), Math.exp(-0.2));
  assert.equal(normalisedIntrinsic(0.3, true), 2 * Math.sinh(0.15));
});
