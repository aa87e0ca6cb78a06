import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normCdf, normInv, normInvFast, normInvFastTailFromMinusLog, normPdf } from './normal.ts';
import { ulpDistance, worstUlps } from './ulp.ts';

interface NormalFixture {
  readonly normPdf: readonly (readonly [number, number])[];
  readonly normCdf: readonly (readonly [number, number])[];
  readonly normInv: readonly (readonly [number, number])[];
}

// Oracle: mpmath at 60 digits, rounded to the nearest double (scripts/fixtures/generate-erf-fixtures.py).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/normal.json', import.meta.url), 'utf8')) as NormalFixture;

test('normPdf(x) is within 2 ulp of mpmath on [-38.5, 38.5]', () => {
  const [worst, at] = worstUlps(normPdf, fixture.normPdf);
  assert.ok(worst <= 2, `${worst} ulp at x = ${at}`);
});

test('normCdf(x) is within 5 ulp of mpmath on [-38.6, 9], subnormal results in units of 2^-1074', () => {
  const [worst, at] = worstUlps(normCdf, fixture.normCdf);
  assert.ok(fixture.normCdf.length > 1000);
  assert.ok(worst <= 5, `${worst} ulp at x = ${at}`);
});

test('normCdf is accurate in the far left tail: normCdf(-38) ≈ 2.885428351e-316, normCdf(-30) to 5 ulp', () => {
  // mpmath: Φ(−38) = 2.88542835132100...e-316, Φ(−30) = 4.90671392714819...e-198
  assert.ok(Math.abs(normCdf(-38) - 2.885428351321e-16 * 1e-300) <= 5 * 5e-324);
  assert.ok(ulpDistance(normCdf(-30), 4.906713927148187e-198) <= 5);
});

test('normInv(p) is within 3 ulp of mpmath for p in [1e-300, 1 - 2^-53]', () => {
  const [worst, at] = worstUlps(normInv, fixture.normInv);
  assert.ok(worst <= 3, `${worst} ulp at p = ${at}`);
});

test('normInv inverts normCdf to within its conditioning: |Φ(Φ⁻¹(p)) − p| ≤ 4ε·p·(1 + x²)', () => {
  // One ulp of x = Φ⁻¹(p) moves Φ by about x²·ε relatively in the tail (d ln Φ/d ln x ≈ −x²).
  for (let e = -300; e <= 0; e += 0.37) {
    const p = 0.5 * 10 ** e;
    const x = normInv(p);
    assert.ok(Math.abs(normCdf(x) - p) <= 4 * Number.EPSILON * p * (1 + x * x), `p = ${p}`);
  }
});

test('normCdf(x) + normCdf(-x) = 1 and normPdf is even', () => {
  for (let x = 0; x <= 9; x += 0.071) {
    assert.ok(Math.abs(normCdf(x) + normCdf(-x) - 1) <= 2.3e-16, `x = ${x}`);
    assert.equal(normPdf(x), normPdf(-x));
  }
});

test('normCdf, normPdf and normInv take the right limits and mark points', () => {
  assert.equal(normCdf(0), 0.5);
  assert.equal(normCdf(-Infinity), 0);
  assert.equal(normCdf(Infinity), 1);
  assert.equal(normCdf(-40), 0);
  assert.equal(normPdf(Infinity), 0);
  assert.equal(normInv(0.5), 0);
  assert.equal(normInv(0), -Infinity);
  assert.equal(normInv(1), Infinity);
  assert.ok(Number.isNaN(normInv(-0.1)) && Number.isNaN(normInv(1.5)) && Number.isNaN(normInv(NaN)));
});

test('normInvFast (PPND16 without the Halley step) is within 1.2e-15 relative of normInv for p in [1e-300, 1)', () => {
  for (let e = -300; e < 0; e += 0.013) {
    const p = 10 ** e;
    assert.ok(Math.abs(normInvFast(p) / normInv(p) - 1) <= 1.2e-15, `p = ${p}`);
    const q = 1 - p;
    if (q < 1 && q !== 0.5) assert.ok(Math.abs(normInvFast(q) / normInv(q) - 1) <= 1.2e-15, `p = ${q}`);
  }
  assert.equal(normInvFast(0), -Infinity);
  assert.ok(Number.isNaN(normInvFast(2)));
});

test('normInvFastTailFromMinusLog(−ln p) is normInvFast(p) in PPND16\'s tail, p < 0.075, and within 1.2e-15 of normInv', () => {
  for (let e = -300; e < Math.log10(0.075); e += 0.011) {
    const p = 10 ** e;
    const fromLog = normInvFastTailFromMinusLog(-Math.log(p));
    assert.ok(Object.is(fromLog, normInvFast(p)), `p = ${p}`);
    assert.ok(Math.abs(fromLog / normInv(p) - 1) <= 1.2e-15, `p = ${p}`);
  }
});
