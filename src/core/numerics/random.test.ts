import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from './random.ts';

test('createRng repeats the same stream for the same seed', () => {
  const a = createRng(42);
  const b = createRng(42);
  for (let i = 0; i < 1000; i++) assert.equal(a.next(), b.next());
});

test('createRng gives different streams for neighbouring seeds', () => {
  const a = createRng(1);
  const b = createRng(2);
  let same = 0;
  for (let i = 0; i < 100; i++) if (a.nextUint32() === b.nextUint32()) same++;
  assert.ok(same < 3);
});

test('next() is uniform on [0, 1): mean, variance and decile counts within 5 sigma', () => {
  const rng = createRng(7);
  const n = 200_000;
  const bins = new Float64Array(10);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    sumSq += u * u;
    bins[Math.floor(u * 10)]! += 1;
  }
  const mean = sum / n;
  const variance = sumSq / n - mean * mean;
  assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(variance - 1 / 12) < 1e-3);
  for (const count of bins) assert.ok(Math.abs(count - n / 10) < 5 * Math.sqrt(n * 0.1 * 0.9));
});

test('nextInt(n) stays in [0, n)', () => {
  const rng = createRng(3);
  for (let i = 0; i < 10_000; i++) {
    const k = rng.nextInt(7);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
  }
});
