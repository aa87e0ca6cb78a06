import assert from 'node:assert/strict';
import { test } from 'node:test';

import { heston } from './heston.ts';
import { priceEuropean, priceSliceInto } from './price.ts';
import { loadReferenceCases, MODELS } from './testing/reference-cases.ts';
import type { ReferenceCase } from './testing/reference-cases.ts';
import { createFourierWorkspace } from './workspace.ts';

const NEGLIGIBLE = 1e-13;

function slices(): ReferenceCase[][] {
  const byKey = new Map<string, ReferenceCase[]>();
  for (const c of loadReferenceCases()) {
    const key = `${c.model} ${JSON.stringify(c.params)} ${c.timeToExpiryYears}`;
    const list = byKey.get(key) ?? [];
    list.push(c);
    byKey.set(key, list);
  }
  return [...byKey.values()];
}

test('priceSliceInto agrees with the 40-digit references to its default 1e-8 relative (1e-13·F absolute below that), every model and expiry, both types', () => {
  const ws = createFourierWorkspace(32);
  let worst = 0;
  for (const slice of slices()) {
    const first = slice[0]!;
    const n = slice.length;
    const strikes = new Float64Array(n);
    const isCall = new Uint8Array(n);
    const out = new Float64Array(n);
    for (const flip of [false, true]) {
      slice.forEach((c, i) => {
        strikes[i] = c.strike;
        isCall[i] = (c.type === 'call') !== flip ? 1 : 0;
      });
      priceSliceInto(MODELS[first.model], first.params as never, first.forward, first.timeToExpiryYears, strikes, isCall, out, ws);
      slice.forEach((c, i) => {
        const ref = Number(c.otmPrice) + (flip ? Math.abs(c.forward - c.strike) : 0);
        const err = Math.abs(out[i]! - ref);
        const label = `${c.model} ${JSON.stringify(c.params)} T=${c.timeToExpiryYears} k=${c.logMoneyness} flip=${flip}`;
        if (ref > NEGLIGIBLE * c.forward) {
          worst = Math.max(worst, err / ref);
          assert.ok(err <= 1e-8 * ref, `${label}: ${out[i]} vs ${ref} (${err / ref})`);
        } else {
          assert.ok(err <= NEGLIGIBLE * c.forward, `${label}: ${out[i]} vs ${ref}`);
        }
      });
    }
  }
  assert.ok(worst > 0);
});

test('priceSliceInto with relativeTolerance 1e-10 matches priceEuropean to 1e-10 on a 15-strike crypto slice, and a looser tolerance (1e-3) costs fewer evaluations than a tighter one (1e-14)', () => {
  const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 };
  const ws = createFourierWorkspace(15);
  const F = 60000;
  for (const T of [1 / 365, 30 / 365, 1, 3]) {
    const sd = Math.sqrt(0.4 * T);
    const strikes = new Float64Array(15);
    const isCall = new Uint8Array(15);
    const out = new Float64Array(15);
    for (let i = 0; i < 15; i++) {
      strikes[i] = F * Math.exp(((i - 7) / 7) * 3 * sd);
      isCall[i] = strikes[i]! >= F ? 1 : 0;
    }
    priceSliceInto(heston, p, F, T, strikes, isCall, out, ws, { relativeTolerance: 1e-10 });
    for (let i = 0; i < 15; i++) {
      const ref = priceEuropean(heston, p, F, strikes[i]!, T, isCall[i] === 1 ? 'call' : 'put');
      assert.ok(Math.abs(out[i]! - ref) <= 2e-10 * ref, `T=${T} K=${strikes[i]}: ${out[i]} vs ${ref}`);
    }
    assert.equal(ws.counters[2], 0);
    priceSliceInto(heston, p, F, T, strikes, isCall, out, ws, { relativeTolerance: 1e-3 });
    const loose = ws.counters[0]!;
    priceSliceInto(heston, p, F, T, strikes, isCall, out, ws, { relativeTolerance: 1e-14 });
    assert.ok(ws.counters[0]! > loose, `T=${T}: ${ws.counters[0]} vs ${loose}`);
  }
});

test('priceSliceInto handles T = 0 and K = 0 entries and rejects mismatched arrays or a small workspace', () => {
  const p = { v0: 0.36, kappa: 2, theta: 0.49, sigma: 1.2, rho: -0.3 };
  const ws = createFourierWorkspace(3);
  const out = new Float64Array(3);
  priceSliceInto(heston, p, 100, 0, new Float64Array([80, 100, 120]), new Uint8Array([1, 0, 1]), out, ws);
  assert.deepEqual([...out], [20, 0, 0]);
  priceSliceInto(heston, p, 100, 1, new Float64Array([0, 0, 120]), new Uint8Array([1, 0, 1]), out, ws);
  assert.equal(out[0], 100);
  assert.equal(out[1], 0);
  assert.ok(out[2]! > 0);
  assert.throws(() => {
    priceSliceInto(heston, p, 100, 1, new Float64Array(4), new Uint8Array(4), new Float64Array(4), ws);
  }, /workspace capacity 3 < 4/);
  assert.throws(() => {
    priceSliceInto(heston, p, 100, 1, new Float64Array(2), new Uint8Array(3), out, ws);
  }, /isCall and out/);
});
