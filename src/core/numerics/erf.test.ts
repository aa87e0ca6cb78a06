import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { erf, erfc, erfcx } from './erf.ts';
import { ulpDistance, worstUlps } from './ulp.ts';

interface ErfFixture {
  readonly erf: readonly (readonly [number, number])[];
  readonly erfc: readonly (readonly [number, number])[];
  readonly erfcx: readonly (readonly [number, number])[];
}

// Oracle: mpmath at 60 digits, rounded to the nearest double (scripts/fixtures/generate-erf-fixtures.py).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/erf.json', import.meta.url), 'utf8')) as ErfFixture;

test('erf(x) is within 3 ulp of mpmath on [-6.5, 6.5]', () => {
  const [worst, at] = worstUlps(erf, fixture.erf);
  assert.ok(fixture.erf.length > 1000);
  assert.ok(worst <= 3, `${worst} ulp at x = ${at}`);
});

test('erfc(x) is within 4 ulp of mpmath on [-6.5, 27.3], subnormal results in units of 2^-1074', () => {
  const [worst, at] = worstUlps(erfc, fixture.erfc);
  assert.ok(worst <= 4, `${worst} ulp at x = ${at}`);
});

test('erfcx(x) is within 4 ulp of mpmath on [-26, 1e300]', () => {
  const [worst, at] = worstUlps(erfcx, fixture.erfcx);
  assert.ok(worst <= 4, `${worst} ulp at x = ${at}`);
});

test('erfc keeps full relative precision in the far right tail: erfc(26) = 5.663192408856143e-296', () => {
  // mpmath: erfc(26) = 5.66319240885614297...e-296
  assert.ok(ulpDistance(erfc(26), 5.663192408856143e-296) <= 4);
});

test('erfcx(x) tends to 1/(x√π) and never underflows for large x', () => {
  assert.equal(erfcx(1e300), 0.5641895835477563 / 1e300);
  assert.ok(erfcx(1e307) > 0);
});

test('erf is odd and erf(x) + erfc(x) = 1 to an ulp of 1', () => {
  for (let x = -6; x <= 6; x += 0.0137) {
    assert.equal(erf(-x), -erf(x));
    assert.ok(Math.abs(erf(x) + erfc(x) - 1) <= 2.3e-16, `x = ${x}`);
  }
});

test('erf, erfc and erfcx take the right limits at ±Infinity and pass NaN through', () => {
  assert.equal(erf(Infinity), 1);
  assert.equal(erf(-Infinity), -1);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erfc(-Infinity), 2);
  assert.equal(erfcx(Infinity), 0);
  assert.equal(erfcx(-27), Infinity);
  assert.equal(erfcx(-Infinity), Infinity);
  assert.ok(Number.isNaN(erf(NaN)) && Number.isNaN(erfc(NaN)) && Number.isNaN(erfcx(NaN)));
  assert.equal(Object.is(erf(-0), -0), true);
});
