import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ulpDistance } from './ulp.ts';

test('ulpDistance counts representable doubles between its arguments', () => {
  assert.equal(ulpDistance(1, 1), 0);
  assert.equal(ulpDistance(1, 1 + Number.EPSILON), 1);
  assert.equal(ulpDistance(1, 1 - Number.EPSILON / 2), 1);
  assert.equal(ulpDistance(2 ** 1000, 2 ** 1000 * (1 + 4 * Number.EPSILON)), 4);
  assert.equal(ulpDistance(5e-324, -5e-324), 2);
  assert.equal(ulpDistance(0, -0), 0);
  assert.equal(ulpDistance(0, 1e-322), 20);
  assert.equal(ulpDistance(NaN, 1), Infinity);
  assert.equal(ulpDistance(Infinity, 1), Infinity);
});
