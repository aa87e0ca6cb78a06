import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { OptionType } from '../market/option-quote.ts';
import { createRng } from '../numerics/random.ts';
import { black76Price } from './black76.ts';
import { black76Greeks } from './black76-greeks.ts';
import { inverseOptionGreeks } from './inverse-greeks.ts';

interface Point {
  readonly forward: number;
  readonly strike: number;
  readonly timeYears: number;
  readonly vol: number;
  readonly type: OptionType;
  readonly discountFactor: number;
}

/** Deribit-like seeded grid: BTC/ETH-sized forwards, strikes within ±4 sd, 1 day to 2 years, σ 20–200%. */
function grid(seed: number, n: number): Point[] {
  const rng = createRng(seed);
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    const forward = Math.exp(rng.uniform(Math.log(1000), Math.log(150000)));
    const timeYears = Math.exp(rng.uniform(Math.log(1 / 365), Math.log(2)));
    const vol = rng.uniform(0.2, 2);
    const strike = forward * Math.exp(rng.uniform(-4, 4) * vol * Math.sqrt(timeYears));
    const type: OptionType = rng.next() < 0.5 ? 'call' : 'put';
    const discountFactor = rng.next() < 0.5 ? 1 : rng.uniform(0.9, 1);
    points.push({ forward, strike, timeYears, vol, type, discountFactor });
  }
  return points;
}

test('priceInCoin is the Black-76 USD price divided by the forward', () => {
  for (const p of grid(1, 200)) {
    const g = inverseOptionGreeks(p.forward, p.strike, p.timeYears, p.vol, p.type, p.discountFactor);
    const usd = black76Price(p.forward, p.strike, p.timeYears, p.vol, p.type, p.discountFactor);
    assert.equal(g.priceInCoin, usd / p.forward);
  }
});

test('deltaBlack is the Black-76 forward delta D·Φ(d1) (call) or −D·Φ(−d1) (put)', () => {
  for (const p of grid(2, 200)) {
    const g = inverseOptionGreeks(p.forward, p.strike, p.timeYears, p.vol, p.type, p.discountFactor);
    assert.equal(g.deltaBlack, black76Greeks(p.forward, p.strike, p.timeYears, p.vol, p.type, p.discountFactor).deltaForward);
  }
});

test('deltaPremiumAdjusted equals deltaBlack − priceInCoin to 1e-13·max(1, K/F) and F·coinDeltaPerUsd to rounding', () => {
  for (const p of grid(3, 500)) {
    const g = inverseOptionGreeks(p.forward, p.strike, p.timeYears, p.vol, p.type, p.discountFactor);
    const tolerance = 1e-13 * Math.max(1, p.strike / p.forward);
    assert.ok(Math.abs(g.deltaPremiumAdjusted - (g.deltaBlack - g.priceInCoin)) < tolerance, JSON.stringify({ p, g }));
    assert.ok(Math.abs(g.deltaPremiumAdjusted - p.forward * g.coinDeltaPerUsd) <= 4 * Number.EPSILON * Math.abs(g.deltaPremiumAdjusted));
  }
});

test('coinDeltaPerUsd matches a central finite difference of the coin price c(F) = V(F)/F', () => {
  // Step F·σ√T·(ε/σ√T)^{1/3}: c has an absolute rounding error of about ε·max(1, K/F), relative to its
  // natural size σ√T; the step balances that against the O(h²) truncation (see black76-greeks.test.ts).
  for (const p of grid(4, 500)) {
    const s = p.vol * Math.sqrt(p.timeYears);
    const eta = (Number.EPSILON * Math.max(1, p.strike / p.forward)) / Math.min(s, 1);
    const h = p.forward * s * Math.cbrt(eta);
    const coin = (f: number): number => black76Price(f, p.strike, p.timeYears, p.vol, p.type, p.discountFactor) / f;
    const numeric = (coin(p.forward + h) - coin(p.forward - h)) / (2 * h);
    const g = inverseOptionGreeks(p.forward, p.strike, p.timeYears, p.vol, p.type, p.discountFactor);
    // Natural size of ∂c/∂F is D·max(1, K/F)/F (the premium-adjusted delta is at most D·K/F).
    const scale = (p.discountFactor * Math.max(1, p.strike / p.forward)) / p.forward;
    const err = Math.abs(g.coinDeltaPerUsd - numeric) / scale;
    assert.ok(err <= 20 * eta ** (2 / 3), `${JSON.stringify(p)}: ${g.coinDeltaPerUsd} vs ${numeric}`);
  }
});

test('call minus put: deltaBlack differs by D, deltaPremiumAdjusted by D·K/F (inverse put–call parity)', () => {
  for (const p of grid(5, 200)) {
    const c = inverseOptionGreeks(p.forward, p.strike, p.timeYears, p.vol, 'call', p.discountFactor);
    const q = inverseOptionGreeks(p.forward, p.strike, p.timeYears, p.vol, 'put', p.discountFactor);
    assert.ok(Math.abs(c.deltaBlack - q.deltaBlack - p.discountFactor) < 1e-15);
    const expected = (p.discountFactor * p.strike) / p.forward;
    assert.ok(Math.abs(c.deltaPremiumAdjusted - q.deltaPremiumAdjusted - expected) < 1e-15 * Math.max(1, expected));
  }
});

test('premium-adjusted call delta lies in [0, D·K/F] and put delta in [−D·K/F, 0], unlike the Black delta in [0, D]', () => {
  // A deep ITM call's coin value approaches 1 − K/F, so its coin exposure tends to K/F, not to 1.
  const deepCall = inverseOptionGreeks(100000, 20000, 0.1, 0.5, 'call');
  assert.ok(Math.abs(deepCall.deltaPremiumAdjusted - 0.2) < 1e-12);
  assert.ok(Math.abs(deepCall.deltaBlack - 1) < 1e-12);
  for (const p of grid(6, 200)) {
    const g = inverseOptionGreeks(p.forward, p.strike, p.timeYears, p.vol, p.type, p.discountFactor);
    const bound = (p.discountFactor * p.strike) / p.forward;
    if (p.type === 'call') assert.ok(g.deltaPremiumAdjusted >= 0 && g.deltaPremiumAdjusted <= bound);
    else assert.ok(g.deltaPremiumAdjusted <= 0 && g.deltaPremiumAdjusted >= -bound);
  }
});

test('inverseOptionGreeks throws a RangeError at T = 0, σ = 0 and on invalid inputs', () => {
  assert.throws(() => inverseOptionGreeks(90000, 90000, 0, 0.5, 'call'), RangeError);
  assert.throws(() => inverseOptionGreeks(90000, 90000, 0.1, 0, 'put'), RangeError);
  assert.throws(() => inverseOptionGreeks(0, 90000, 0.1, 0.5, 'put'), /forward.*got 0/);
});
