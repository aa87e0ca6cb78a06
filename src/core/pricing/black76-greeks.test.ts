import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { OptionType } from '../market/option-quote.ts';
import { createRng } from '../numerics/random.ts';
import { black76Price } from './black76.ts';
import type { Black76Greeks } from './black76-greeks.ts';
import { GREEK_COUNT, GREEK_SLOT, black76Greeks, black76GreeksInto } from './black76-greeks.ts';

const INV_SQRT_2PI = 0.3989422804014327;

interface Point {
  readonly forward: number;
  readonly strike: number;
  readonly timeYears: number;
  readonly vol: number;
  readonly type: OptionType;
  readonly discountFactor: number;
  readonly forwardPerSpot: number;
}

/**
 * Seeded grid: strikes within ±3.5 standard deviations (k = z·σ√T), where every greek is of a size a
 * finite difference can resolve; σ from 5% to 200%, T from 1 day to 4 years, D from 0.8 to 1.
 */
function grid(seed: number, n: number): Point[] {
  const rng = createRng(seed);
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    const forward = Math.exp(rng.uniform(-2, 12));
    const timeYears = Math.exp(rng.uniform(Math.log(1 / 365), Math.log(4)));
    const vol = rng.uniform(0.05, 2);
    const strike = forward * Math.exp(rng.uniform(-3.5, 3.5) * vol * Math.sqrt(timeYears));
    const type: OptionType = rng.next() < 0.5 ? 'call' : 'put';
    const discountFactor = rng.next() < 0.3 ? 1 : rng.uniform(0.8, 1);
    const forwardPerSpot = rng.uniform(0.9, 1.2);
    points.push({ forward, strike, timeYears, vol, type, discountFactor, forwardPerSpot });
  }
  return points;
}

/**
 * Central differences of black76Price. Steps are scaled to each variable's natural size — F·σ√T for F
 * (d1 moves by 1), σ for σ, T for T — times η^{1/3} for first derivatives and η^{1/4} for second and
 * mixed ones, which balances the O(h²) truncation against the O(η/h) and O(η/h²) rounding. η is the
 * price's rounding error relative to its natural scale F·σ√T: the price carries an absolute error of
 * about ε·max(F, K), so η = ε·max(1, K/F)/min(σ√T, 1). Expected errors: η^{2/3} for first derivatives
 * and η^{1/2} for second ones, times factors of order 1 to 10 from the higher derivatives.
 */
function finiteDifferenceGreeks(p: Point): Black76Greeks {
  const { forward: f, strike: k, timeYears: t, vol, type, discountFactor: d, forwardPerSpot } = p;
  const price = (fw: number, v: number, tt: number, dd: number): number => black76Price(fw, k, tt, v, type, dd);
  const scaleF = f * vol * Math.sqrt(t);
  const eta = (Number.EPSILON * Math.max(1, k / f)) / Math.min(vol * Math.sqrt(t), 1);
  const first = Math.cbrt(eta);
  const second = Math.sqrt(Math.sqrt(eta));
  const hF = first * scaleF;
  const hV = first * vol;
  const hT = first * t;
  const gF = second * scaleF;
  const gV = second * vol;
  const deltaForward = (price(f + hF, vol, t, d) - price(f - hF, vol, t, d)) / (2 * hF);
  // Spot S = F/g with ∂F/∂S = g: differentiate V(g·S) in S with the step hF/g.
  const hS = hF / forwardPerSpot;
  const spot = f / forwardPerSpot;
  const deltaSpot = (price(forwardPerSpot * (spot + hS), vol, t, d) - price(forwardPerSpot * (spot - hS), vol, t, d)) / (2 * hS);
  const v0 = price(f, vol, t, d);
  const gamma = (price(f + gF, vol, t, d) - 2 * v0 + price(f - gF, vol, t, d)) / (gF * gF);
  const vega = (price(f, vol + hV, t, d) - price(f, vol - hV, t, d)) / (2 * hV);
  // Theta: calendar time t passes, T = T0 − t shrinks, F fixed, D(T) = e^{−rT} with r = −ln(D0)/T0.
  const r = -Math.log(d) / t;
  const theta = -(price(f, vol, t + hT, Math.exp(-r * (t + hT))) - price(f, vol, t - hT, Math.exp(-r * (t - hT)))) / (2 * hT);
  const vanna = (price(f + gF, vol + gV, t, d) - price(f + gF, vol - gV, t, d)
    - price(f - gF, vol + gV, t, d) + price(f - gF, vol - gV, t, d)) / (4 * gF * gV);
  const volga = (price(f, vol + gV, t, d) - 2 * v0 + price(f, vol - gV, t, d)) / (gV * gV);
  return { deltaForward, deltaSpot, gamma, vega, theta, vanna, volga };
}

/**
 * Each greek's natural size at the money (φ(0) in place of φ(d1)), used as the yardstick of the
 * finite-difference comparison so that greeks near zero in the wings are judged on an absolute scale.
 */
function atmScale(p: Point): Black76Greeks {
  const sqrtT = Math.sqrt(p.timeYears);
  const s = p.vol * sqrtT;
  const d = p.discountFactor;
  const vega = d * p.forward * INV_SQRT_2PI * sqrtT;
  const r = -Math.log(d) / p.timeYears;
  return {
    deltaForward: d,
    deltaSpot: d * p.forwardPerSpot,
    gamma: (d * INV_SQRT_2PI) / (p.forward * s),
    vega,
    theta: (vega * p.vol) / (2 * p.timeYears) + r * black76Price(p.forward, p.strike, p.timeYears, p.vol, p.type, d),
    vanna: (d * INV_SQRT_2PI * (4 + s)) / p.vol,
    volga: (vega * (4 + s) * (4 + s)) / p.vol,
  };
}

const NAMES = Object.keys(GREEK_SLOT) as (keyof Black76Greeks)[];
const SECOND_ORDER: ReadonlySet<keyof Black76Greeks> = new Set(['gamma', 'vanna', 'volga']);

/**
 * Allowed |analytic − finite difference| / natural size, in units of the expected finite-difference
 * error η^{2/3} (first derivatives) or η^{1/2} (second and mixed). The worst seen over 20 000 seeded
 * points was 6.1 (gamma); 20 leaves room without hiding a wrong term, which would show as O(1)/η^{1/2}.
 */
const ERROR_MULTIPLE = 20;

test('every Black-76 greek matches central finite differences of black76Price on a seeded grid of F, K, T, σ, type, D', (t) => {
  const worst = { deltaForward: 0, deltaSpot: 0, gamma: 0, vega: 0, theta: 0, vanna: 0, volga: 0 };
  for (const p of grid(7, 500)) {
    const analytic = black76Greeks(p.forward, p.strike, p.timeYears, p.vol, p.type, p.discountFactor, p.forwardPerSpot);
    const numeric = finiteDifferenceGreeks(p);
    const scale = atmScale(p);
    const eta = (Number.EPSILON * Math.max(1, p.strike / p.forward)) / Math.min(p.vol * Math.sqrt(p.timeYears), 1);
    for (const name of NAMES) {
      const expected = eta ** (SECOND_ORDER.has(name) ? 1 / 2 : 2 / 3);
      const err = Math.abs(analytic[name] - numeric[name]) / scale[name] / expected;
      worst[name] = Math.max(worst[name], err);
      assert.ok(err <= ERROR_MULTIPLE, `${name} at ${JSON.stringify(p)}: ${analytic[name]} vs ${numeric[name]} (${err})`);
    }
  }
  t.diagnostic(`worst error / expected finite-difference error: ${JSON.stringify(worst)}`);
});

test('theta is −D·F·φ(d1)·σ/(2√T) at zero rates: an at-the-money option loses value as time passes', () => {
  const g = black76Greeks(100, 100, 0.25, 0.5, 'call');
  const s = 0.5 * 0.5;
  const expected = (-100 * INV_SQRT_2PI * Math.exp(-s * s / 8) * 0.5) / (2 * 0.5);
  assert.ok(Math.abs(g.theta - expected) < 1e-12 * Math.abs(expected), `${g.theta} vs ${expected}`);
});

test('call and put greeks differ only in delta, by D (deltaForward) and D·∂F/∂S (deltaSpot)', () => {
  for (const p of grid(99, 200)) {
    const c = black76Greeks(p.forward, p.strike, p.timeYears, p.vol, 'call', p.discountFactor, p.forwardPerSpot);
    const q = black76Greeks(p.forward, p.strike, p.timeYears, p.vol, 'put', p.discountFactor, p.forwardPerSpot);
    assert.ok(Math.abs(c.deltaForward - q.deltaForward - p.discountFactor) < 1e-15);
    assert.ok(Math.abs(c.deltaSpot - q.deltaSpot - p.discountFactor * p.forwardPerSpot) < 1e-15 * p.forwardPerSpot + 1e-15);
    for (const name of ['gamma', 'vega', 'vanna', 'volga'] as const) assert.equal(c[name], q[name]);
    // Theta differs by r·(C − P) = r·D·(F − K) through the discount roll-down, and only through it.
    const r = -Math.log(p.discountFactor) / p.timeYears;
    const parityTheta = r * p.discountFactor * (p.forward - p.strike);
    assert.ok(Math.abs(c.theta - q.theta - parityTheta) <= 1e-9 * (Math.abs(c.theta) + Math.abs(parityTheta) + 1e-300));
  }
});

test('black76GreeksInto writes the same seven numbers at the offset, in GREEK_SLOT order, and touches nothing else', () => {
  const out = new Float64Array(3 + GREEK_COUNT + 2).fill(-7);
  black76GreeksInto(out, 3, 90000, 100000, 0.1, 0.6, 'put', 0.99, 1.01);
  const g = black76Greeks(90000, 100000, 0.1, 0.6, 'put', 0.99, 1.01);
  for (const name of NAMES) assert.equal(out[3 + GREEK_SLOT[name]], g[name]);
  for (const i of [0, 1, 2, 3 + GREEK_COUNT, 4 + GREEK_COUNT]) assert.equal(out[i], -7);
});

test('black76Greeks returns a frozen object', () => {
  assert.ok(Object.isFrozen(black76Greeks(100, 100, 1, 0.5, 'call')));
});

test('greeks are finite (never NaN) in the far wings and at tiny σ√T, with deltas inside [−D, D]', () => {
  for (const k of [-50, -10, -1e-9, 0, 1e-9, 10, 50]) {
    for (const [vol, timeYears] of [[1e-8, 1e-8], [1e-3, 1e-4], [0.5, 1], [20, 10]] as const) {
      for (const type of ['call', 'put'] as const) {
        const g = black76Greeks(100, 100 * Math.exp(k), timeYears, vol, type, 0.95);
        for (const name of NAMES) assert.ok(Number.isFinite(g[name]), `${name} k=${k} σ=${vol} T=${timeYears}: ${g[name]}`);
        assert.ok(Math.abs(g.deltaForward) <= 0.95);
      }
    }
  }
  // Far out of the money the greeks vanish rather than turning into ∞·0.
  const far = black76Greeks(100, 1e6, 0.01, 0.1, 'call');
  for (const name of ['deltaForward', 'gamma', 'vega', 'vanna', 'volga'] as const) assert.ok(far[name] === 0, `${name}: ${far[name]}`);
});

test('greeks throw a RangeError at T = 0, σ = 0, on invalid inputs, and when the slots do not fit', () => {
  assert.throws(() => black76Greeks(100, 100, 0, 0.5, 'call'), /timeYears=0/);
  assert.throws(() => black76Greeks(100, 100, 1, 0, 'call'), /vol=0/);
  assert.throws(() => black76Greeks(-1, 100, 1, 0.5, 'call'), /forward.*got -1/);
  assert.throws(() => black76Greeks(100, 100, 1, 0.5, 'call', 1, 0), /forwardPerSpot.*got 0/);
  assert.throws(() => { black76GreeksInto(new Float64Array(8), 2, 100, 100, 1, 0.5, 'call'); }, /offset 2/);
});
