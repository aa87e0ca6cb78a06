import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import type { OptionType } from '../market/option-quote.ts';
import { createRng } from '../numerics/random.ts';
import { black76Price } from './black76.ts';

const ULP = Number.EPSILON;

function intrinsic(forward: number, strike: number, type: OptionType): number {
  return type === 'call' ? Math.max(forward - strike, 0) : Math.max(strike - forward, 0);
}

test('black76Price matches Haug (2nd ed., ch. 1, Black-76 on futures): F = K = 19, T = 0.75, r = 10%, σ = 28% gives 1.7011 for call and put', () => {
  const d = Math.exp(-0.1 * 0.75);
  for (const type of ['call', 'put'] as const) {
    const price = black76Price(19, 19, 0.75, 0.28, type, d);
    assert.ok(Math.abs(price - 1.7011) < 5e-5, `${type}: ${price}`);
  }
});

test('black76Price matches Hull (5th ed., pp. 287–288): F = K = 20, T = 4/12, r = 9%, σ = 25% gives 1.1166 for call and put', () => {
  const d = Math.exp(-0.09 / 3);
  for (const type of ['call', 'put'] as const) {
    const price = black76Price(20, 20, 4 / 12, 0.25, type, d);
    assert.ok(Math.abs(price - 1.1166) < 5e-5, `${type}: ${price}`);
  }
});

test('black76Price matches Hull (end-of-chapter problem on Black\'s model): F = 25, K = 26, T = 0.75, r = 10%, σ = 30% gives a call of 2.01', () => {
  const price = black76Price(25, 26, 0.75, 0.3, 'call', Math.exp(-0.075));
  assert.ok(Math.abs(price - 2.01) < 5e-3, `${price}`);
});

interface ReferenceCase {
  readonly forward: number;
  readonly strike: number;
  readonly timeYears: number;
  readonly vol: number;
  readonly type: OptionType;
  readonly discountFactor: number;
  readonly price: number;
}

test('black76Price agrees with 60-digit mpmath prices to 16·ulp·(1 + d1²)/min(σ√T, 1) relative, far wings and σ√T down to 1e-8 included', () => {
  const url = new URL('./fixtures/black76-reference.json', import.meta.url);
  const { cases } = JSON.parse(readFileSync(url, 'utf8')) as { cases: ReferenceCase[] };
  assert.ok(cases.length > 150);
  for (const c of cases) {
    const price = black76Price(c.forward, c.strike, c.timeYears, c.vol, c.type, c.discountFactor);
    const s = c.vol * Math.sqrt(c.timeYears);
    const d1 = Math.log(c.forward / c.strike) / s + s / 2;
    const bound = (16 * ULP * (1 + d1 * d1)) / Math.min(s, 1);
    const rel = Math.abs(price - c.price) / c.price;
    assert.ok(rel <= bound, `${JSON.stringify(c)}: got ${price}, relative error ${rel} > ${bound}`);
  }
});

test('black76Price satisfies put–call parity C − P = D·(F − K) to 1e-12 of max(C, P) on a seeded grid', () => {
  const rng = createRng(76);
  for (let i = 0; i < 2000; i++) {
    const forward = Math.exp(rng.uniform(-5, 12));
    const strike = forward * Math.exp(rng.uniform(-3, 3));
    const timeYears = rng.uniform(1e-4, 5);
    const vol = rng.uniform(0.01, 3);
    const d = rng.uniform(0.5, 1.05);
    const call = black76Price(forward, strike, timeYears, vol, 'call', d);
    const put = black76Price(forward, strike, timeYears, vol, 'put', d);
    const err = Math.abs(call - put - d * (forward - strike));
    assert.ok(err <= 1e-12 * Math.max(call, put), `F=${forward} K=${strike} T=${timeYears} σ=${vol}: ${err}`);
  }
});

test('black76Price is D·intrinsic at T = 0 and at σ = 0', () => {
  for (const type of ['call', 'put'] as const) {
    for (const strike of [80, 100, 125]) {
      assert.equal(black76Price(100, strike, 0, 0.5, type, 0.9), 0.9 * intrinsic(100, strike, type));
      assert.equal(black76Price(100, strike, 1, 0, type, 0.9), 0.9 * intrinsic(100, strike, type));
    }
  }
});

test('black76Price at zero strike is D·F for a call and 0 for a put', () => {
  assert.equal(black76Price(100, 0, 1, 0.5, 'call', 0.9), 90);
  assert.equal(black76Price(100, 0, 1, 0.5, 'put', 0.9), 0);
});

test('black76Price stays within [intrinsic, F] for calls and [intrinsic, K] for puts, never NaN, for |ln K/F| up to 50 and σ√T from 1e-12 to 160', () => {
  const logMoneyness = [-50, -20, -5, -1, -1e-3, -1e-9, 0, 1e-9, 1e-3, 1, 5, 20, 50];
  const volTime: [number, number][] = [[1e-6, 1e-12], [1e-4, 1e-6], [0.01, 1e-4], [0.5, 1], [3, 2], [50, 10]];
  for (const k of logMoneyness) {
    for (const [vol, timeYears] of volTime) {
      for (const type of ['call', 'put'] as const) {
        const forward = 1000;
        const strike = forward * Math.exp(k);
        const price = black76Price(forward, strike, timeYears, vol, type);
        const label = `k=${k} σ=${vol} T=${timeYears} ${type}: ${price}`;
        assert.ok(Number.isFinite(price), label);
        assert.ok(price >= intrinsic(forward, strike, type), label);
        assert.ok(price <= (type === 'call' ? forward : strike), label);
      }
    }
  }
  // σ√T = 158: the call is worth the whole forward, the put the whole strike, to rounding.
  assert.ok(Math.abs(black76Price(1000, 1000, 10, 50, 'call') - 1000) < 1e-9);
});

test('black76Price is non-decreasing in σ across wings and maturities (seeded grid, σ stepping by 5% from 1e-4 to 20)', () => {
  const rng = createRng(2024);
  for (let i = 0; i < 200; i++) {
    const forward = Math.exp(rng.uniform(0, 12));
    const strike = forward * Math.exp(rng.uniform(-4, 4));
    const timeYears = Math.exp(rng.uniform(-10, 1.5));
    const type: OptionType = rng.next() < 0.5 ? 'call' : 'put';
    let previous = -Infinity;
    for (let vol = 1e-4; vol < 20; vol *= 1.05) {
      const price = black76Price(forward, strike, timeYears, vol, type);
      assert.ok(price >= previous, `F=${forward} K=${strike} T=${timeYears} ${type} σ=${vol}: ${price} < ${previous}`);
      previous = price;
    }
  }
});

test('black76Price throws a RangeError naming the bad value for invalid inputs', () => {
  assert.throws(() => black76Price(0, 100, 1, 0.5, 'call'), /forward.*got 0/);
  assert.throws(() => black76Price(Number.NaN, 100, 1, 0.5, 'call'), RangeError);
  assert.throws(() => black76Price(100, -1, 1, 0.5, 'call'), /strike.*got -1/);
  assert.throws(() => black76Price(100, 100, -0.1, 0.5, 'put'), /timeYears.*got -0.1/);
  assert.throws(() => black76Price(100, 100, 1, Infinity, 'put'), /vol.*got Infinity/);
  assert.throws(() => black76Price(100, 100, 1, 0.5, 'put', 0), /discountFactor.*got 0/);
});
