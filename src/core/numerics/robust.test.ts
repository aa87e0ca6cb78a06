import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, weightedMedian } from './robust.ts';

test('median of odd and even lists', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('median of an empty list is a RangeError', () => {
  assert.throws(() => median([]), RangeError);
});

test('weightedMedian with equal weights is the lower median', () => {
  assert.equal(weightedMedian([5, 1, 3, 2], [1, 1, 1, 1]), 2);
});

test('weightedMedian ignores an outlier however far it is', () => {
  assert.equal(weightedMedian([100, 101, 1e9], [1, 1, 1]), 101);
});

test('weightedMedian follows a dominant weight', () => {
  assert.equal(weightedMedian([1, 2, 3], [1, 1, 10]), 3);
});
