import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearScale, linePath, niceTicks, spacedTicks } from './svg-chart.ts';
import { towardWhite, viridis } from './color-scale.ts';
import { compact, days, num, percent, price, strikeLabel } from './number-format.ts';
import { expiryLabel, expiryShortLabel } from './expiry-label.ts';
import { escapeHtml } from './html.ts';

test('niceTicks(lo, hi, n) gives round steps of 1, 2 or 5 × 10^k inside the range, without float drift', () => {
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(-0.043, 0.051, 5), [-0.04, -0.02, 0, 0.02, 0.04]);
  assert.deepEqual(niceTicks(41.7, 56.2, 5), [42, 44, 46, 48, 50, 52, 54, 56]);
  assert.deepEqual(niceTicks(41.7, 56.2, 3), [45, 50, 55]);
  assert.deepEqual(niceTicks(0.1, 0.7, 6), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  assert.deepEqual(niceTicks(1, 1, 5), []);
  assert.deepEqual(niceTicks(Number.NaN, 1, 5), []);
});

test('spacedTicks keeps only ticks at least minGap apart', () => {
  assert.deepEqual(spacedTicks([0, 10, 25, 30, 70], (t) => t, 20), [0, 25, 70]);
});

test('linearScale maps the domain ends onto the range ends and a degenerate domain to the middle', () => {
  const s = linearScale([0.4, 0.6], [300, 100]);
  assert.equal(s(0.4), 300);
  assert.equal(s(0.6), 100);
  assert.equal(linearScale([1, 1], [0, 10])(5), 5);
  assert.equal(linePath([[0, 1], [2.04, 3.06]]), 'M0 1L2 3.1');
});

test('viridis runs from dark purple to yellow and clamps outside [0, 1]; towardWhite(c, 1) is white', () => {
  assert.equal(viridis(0), '#440154');
  assert.equal(viridis(1), '#fde725');
  assert.equal(viridis(-3), '#440154');
  assert.equal(viridis(Number.NaN), '#440154');
  assert.equal(towardWhite('#440154', 1), '#ffffff');
  assert.equal(towardWhite('#440154', 0), '#440154');
});

test('number formats show a dash, never NaN or undefined, for absent values', () => {
  for (const f of [(x: number | null) => num(x, 2), (x: number | null) => percent(x), compact]) {
    assert.equal(f(null), '–');
    assert.equal(f(Number.NaN), '–');
    assert.equal(f(Number.POSITIVE_INFINITY), '–');
  }
  assert.equal(percent(0.9172), '91.7%');
  assert.equal(days(0.0204), '7.45');
  assert.equal(days(0.5), '182.5');
  assert.equal(compact(0.000123), '1.23e-4');
  assert.equal(compact(-0.23354), '-0.2335');
  assert.equal(strikeLabel(62500), '62.5k');
  assert.equal(strikeLabel(3250), '3250');
  assert.equal(price(63725.39), '63,725');
  assert.equal(price(1882.456), '1,882');
});

test('expiry labels read like a trader writes them, and an odd string is escaped, not trusted', () => {
  assert.equal(expiryLabel('2026-02-13T08:00:00.000Z'), '13 Feb 2026 08:00 UTC');
  assert.equal(expiryShortLabel('2026-12-25T08:00:00.000Z'), '25 Dec 26');
  assert.equal(expiryLabel('<b>soon</b>'), '&lt;b&gt;soon&lt;/b&gt;');
  assert.equal(escapeHtml(`a&b<c>"d'`), 'a&amp;b&lt;c&gt;&quot;d&#39;');
});
