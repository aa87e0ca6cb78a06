import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normCdf } from '../numerics/normal.ts';
import { createRng } from '../numerics/random.ts';
import { impliedVolatility, impliedVolatilityBatch, IvStatus } from './implied-vol.ts';
import { normalisedBlack, normalisedVega } from './normalised-black.ts';

const EPS = Number.EPSILON;

/**
 * The accuracy bound the inverter is held to in the property tests: |σ̂/σ − 1| ≤ K·ε·(1 + κ + κₓ), with
 *   κ  = p/(σ·∂p/∂σ)          the condition number of σ in the price p handed in (p includes any
 *                             intrinsic value): a relative price error δ moves σ by δ·κ;
 *   κₓ = |x·∂b/∂x|/(s·∂b/∂s)  the condition number of σ in the log-moneyness x = ln(F/K) (b the
 *                             out-of-the-money normalised price, s = σ√T): the prices here are made by
 *                             a Black function whose few-ulp error is relative to both its inputs.
 * K = 4. Against exact (mpmath) implied vols of the given doubles the hard-case test needs only κ.
 */
const K_BOUND = 4;
const ILL_POSED = 1e-3;
const MIN_NORMAL = 2.2250738585072014e-308;

function logMoneyness(forward: number, strike: number): number {
  const ratio = forward / strike;
  return ratio >= 0.5 && ratio <= 2 ? Math.log1p((forward - strike) / strike) : Math.log(ratio);
}

/** Undiscounted Black price as intrinsic (exact in price units) plus the out-of-the-money time value. */
function blackPrice(forward: number, strike: number, sigma: number, timeYears: number, isCall: boolean): number {
  const intrinsic = Math.max(isCall ? forward - strike : strike - forward, 0);
  const x = logMoneyness(forward, strike);
  const timeValue = Math.sqrt(forward) * Math.sqrt(strike) * normalisedBlack(-Math.abs(x), sigma * Math.sqrt(timeYears), true);
  return intrinsic + timeValue;
}

/** κ = p/(σ·∂p/∂σ) = p/(s·√(FK)·b'(s)) with s = σ√T. */
function conditionNumber(price: number, forward: number, strike: number, sigma: number, timeYears: number): number {
  const s = sigma * Math.sqrt(timeYears);
  return price / (s * Math.sqrt(forward) * Math.sqrt(strike) * normalisedVega(logMoneyness(forward, strike), s));
}

/** κₓ = |x|·(∂b/∂x)/(s·b') for the out-of-the-money b at x ≤ 0: ∂b/∂x = ½b + e^{−x/2}Φ(x/s − s/2). */
function moneynessConditionNumber(forward: number, strike: number, sigma: number, timeYears: number): number {
  const s = sigma * Math.sqrt(timeYears);
  const x = -Math.abs(logMoneyness(forward, strike));
  const dbdx = 0.5 * normalisedBlack(x, s, true) + Math.exp(-0.5 * x) * normCdf(x / s - 0.5 * s);
  return (-x * dbdx) / (s * normalisedVega(x, s));
}

interface Case {
  readonly price: number;
  readonly forward: number;
  readonly strike: number;
  readonly timeYears: number;
  readonly isCall: boolean;
  readonly sigma: number;
}

/** Seeded draws over the whole domain: σ 0.1%..1000%, T one minute..5 years, wide log-moneyness. */
function drawCases(seed: number, n: number): Case[] {
  const rng = createRng(seed);
  const minute = 1 / 525600;
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    const sigma = Math.exp(rng.uniform(Math.log(0.001), Math.log(10)));
    const timeYears = Math.exp(rng.uniform(Math.log(minute), Math.log(5)));
    const s = sigma * Math.sqrt(timeYears);
    // Mostly in standard deviations (up to ±12 s), sometimes in absolute terms (|x| up to 6).
    const k = rng.next() < 0.8 ? rng.uniform(-12, 12) * s : rng.uniform(-6, 6);
    const forward = Math.exp(rng.uniform(Math.log(1e-3), Math.log(1e6)));
    const strike = forward * Math.exp(k);
    const isCall = rng.next() < 0.5;
    cases.push({ price: blackPrice(forward, strike, sigma, timeYears, isCall), forward, strike, timeYears, isCall, sigma });
  }
  return cases;
}

test('price → vol → price: σ̂ within 4ε(1 + κ + κₓ) of σ over 20,000 seeded options across the whole domain', (t) => {
  let worst = 0;
  let worstCase: Case | undefined;
  let checked = 0;
  for (const c of drawCases(20240611, 20000)) {
    const r = impliedVolatility(c.price, c.forward, c.strike, c.timeYears, c.isCall ? 'call' : 'put');
    if (c.price === 0) {
      assert.deepEqual(r, { ok: true, vol: 0 }); // the price underflowed: 0 is the exact answer
      continue;
    }
    const kappa = conditionNumber(c.price, c.forward, c.strike, c.sigma, c.timeYears);
    const timeValue = c.price - Math.max(c.isCall ? c.forward - c.strike : c.strike - c.forward, 0);
    if (!(EPS * (1 + kappa) < ILL_POSED) || timeValue / (Math.sqrt(c.forward) * Math.sqrt(c.strike)) < MIN_NORMAL) {
      // Not resolvable in double precision: time value lost under the intrinsic, price ≈ maximum, or a
      // subnormal normalised price that carries fewer than 53 bits.
      assert.ok(r.ok ? Number.isFinite(r.vol) && r.vol >= 0 : r.reason === 'above_maximum', JSON.stringify(c));
      continue;
    }
    assert.ok(r.ok, `${JSON.stringify(c)} → ${JSON.stringify(r)}`);
    const kappaX = moneynessConditionNumber(c.forward, c.strike, c.sigma, c.timeYears);
    const k = Math.abs(r.vol / c.sigma - 1) / (EPS * (1 + kappa + kappaX));
    if (k > worst) {
      worst = k;
      worstCase = c;
    }
    checked++;
  }
  assert.ok(checked > 10000, `only ${checked} well-posed cases`);
  t.diagnostic(`worst ${worst.toFixed(3)}·ε(1+κ+κₓ) over ${checked} well-posed cases`);
  assert.ok(worst <= K_BOUND, `worst ${worst.toFixed(2)}·ε(1+κ+κₓ) at ${JSON.stringify(worstCase)}`);
});

test('the round trip reproduces the price: |p(σ̂)/p − 1| ≤ 8ε(1 + 1/κ)', () => {
  // The forward check, independent of κ: re-pricing at σ̂ gives the input price back to a few ulp of p
  // (plus the Black function's own conditioning in σ, which is 1/κ).
  for (const c of drawCases(7, 5000)) {
    const r = impliedVolatility(c.price, c.forward, c.strike, c.timeYears, c.isCall ? 'call' : 'put');
    if (!r.ok || c.price < 1e-290) continue;
    const repriced = blackPrice(c.forward, c.strike, r.vol, c.timeYears, c.isCall);
    const kappa = conditionNumber(c.price, c.forward, c.strike, c.sigma, c.timeYears);
    assert.ok(Math.abs(repriced / c.price - 1) <= 8 * EPS * (1 + 1 / kappa), `${JSON.stringify(c)} → ${r.vol}, ${repriced}`);
  }
});

interface HardCases {
  readonly cases: readonly (readonly [number, number, number, number, number, number, number, string])[];
}
// Oracle: the exact implied volatility of the given doubles, root of the Black formula at 110 digits
// (scripts/fixtures/generate-implied-vol-fixtures.py), and κ computed there too.
const hard = JSON.parse(readFileSync(new URL('./fixtures/implied-vol.json', import.meta.url), 'utf8')) as HardCases;

test('hard cases in the spirit of Jäckel (2015) match mpmath to 4ε(1 + κ): prices down to 1e-300, |x| to 500, s from 1e-7 to 40, one-minute expiries', (t) => {
  let wellPosed = 0;
  let worst = 0;
  for (const [price, forward, strike, timeYears, isCall, sigma, kappa, label] of hard.cases) {
    const r = impliedVolatility(price, forward, strike, timeYears, isCall === 1 ? 'call' : 'put');
    if (!(EPS * (1 + kappa) < ILL_POSED)) {
      assert.ok(r.ok ? Number.isFinite(r.vol) && r.vol >= 0 : r.reason === 'above_maximum', label);
      continue;
    }
    wellPosed++;
    assert.ok(r.ok, `${label}: ${JSON.stringify(r)}`);
    const k = Math.abs(r.vol / sigma - 1) / (EPS * (1 + kappa));
    worst = Math.max(worst, k);
    assert.ok(k <= K_BOUND, `${label}: σ̂ = ${r.vol}, σ = ${sigma}, ${k.toFixed(2)}·ε(1+κ)`);
  }
  t.diagnostic(`worst ${worst.toFixed(3)}·ε(1+κ) over ${wellPosed} well-posed cases`);
  assert.ok(wellPosed > 300);
});

test('a price of 1e-100 far out of the money inverts to full precision', () => {
  // F = 1, K = 10, T = 1, call priced at 1e-100: σ = 3.16427785... (mpmath, see the fixture generator).
  const c = hard.cases.find((h) => h[7] === 'tiny OTM call price 1e-100, F=1, K=10');
  assert.ok(c);
  const r = impliedVolatility(1e-100, 1, 10, 1, 'call');
  assert.ok(r.ok);
  assert.ok(Math.abs(r.vol / c[5] - 1) <= 4 * EPS * (1 + c[6]), `${r.vol} vs ${c[5]}`);
});

test('price equal to intrinsic gives vol 0; zero OTM price gives vol 0', () => {
  assert.deepEqual(impliedVolatility(20, 120, 100, 1, 'call'), { ok: true, vol: 0 });
  assert.deepEqual(impliedVolatility(20, 80, 100, 1, 'put'), { ok: true, vol: 0 });
  assert.deepEqual(impliedVolatility(0, 100, 120, 1, 'call'), { ok: true, vol: 0 });
  assert.deepEqual(impliedVolatility(0, 100, 100, 0.5, 'put'), { ok: true, vol: 0 });
});

test('every failure is typed: below_intrinsic, above_maximum, invalid_input', () => {
  const cases: [number, number, number, number, 'call' | 'put', string][] = [
    [19.999, 120, 100, 1, 'call', 'below_intrinsic'],
    [19.999, 80, 100, 1, 'put', 'below_intrinsic'],
    [120, 120, 100, 1, 'call', 'above_maximum'],
    [150, 120, 100, 1, 'call', 'above_maximum'],
    [100, 80, 100, 1, 'put', 'above_maximum'],
    [-1, 100, 100, 1, 'call', 'invalid_input'],
    [NaN, 100, 100, 1, 'call', 'invalid_input'],
    [Infinity, 100, 100, 1, 'call', 'invalid_input'],
    [1, 0, 100, 1, 'call', 'invalid_input'],
    [1, -100, 100, 1, 'call', 'invalid_input'],
    [1, Infinity, 100, 1, 'call', 'invalid_input'],
    [1, 100, 0, 1, 'call', 'invalid_input'],
    [1, 100, NaN, 1, 'put', 'invalid_input'],
    [1, 100, 100, 0, 'call', 'invalid_input'],
    [1, 100, 100, -1, 'call', 'invalid_input'],
    [1, 100, 100, Infinity, 'call', 'invalid_input'],
    [1, 100, 100, NaN, 'put', 'invalid_input'],
  ];
  for (const [price, forward, strike, timeYears, type, reason] of cases) {
    assert.deepEqual(impliedVolatility(price, forward, strike, timeYears, type), { ok: false, reason },
      `${type} p=${price} F=${forward} K=${strike} T=${timeYears}`);
  }
});

test('never NaN, never an exception: random and extreme inputs give a finite vol or a typed failure', () => {
  const rng = createRng(99);
  const specials = [0, 5e-324, 1e-310, 1e-300, 1e-100, 1e-20, 1, 1e20, 1e300, Number.MAX_VALUE, Infinity, NaN, -0, -1];
  const pick = (): number => (rng.next() < 0.3 ? specials[rng.nextInt(specials.length)]! : Math.exp(rng.uniform(-700, 700)));
  for (let i = 0; i < 20000; i++) {
    const r = impliedVolatility(pick(), pick(), pick(), pick(), rng.next() < 0.5 ? 'call' : 'put');
    if (r.ok) assert.ok(Number.isFinite(r.vol) && r.vol >= 0, JSON.stringify(r));
    else assert.ok(['below_intrinsic', 'above_maximum', 'invalid_input'].includes(r.reason));
  }
});

test('impliedVolatilityBatch equals impliedVolatility bit for bit, statuses included', () => {
  const cases = drawCases(4242, 3000);
  const n = cases.length + 4;
  const price = new Float64Array(n);
  const forward = new Float64Array(n);
  const strike = new Float64Array(n);
  const timeYears = new Float64Array(n);
  const isCall = new Uint8Array(n);
  cases.forEach((c, i) => {
    price[i] = c.price;
    forward[i] = c.forward;
    strike[i] = c.strike;
    timeYears[i] = c.timeYears;
    isCall[i] = c.isCall ? 1 : 0;
  });
  // One of each failure, and a call priced at intrinsic.
  const tail: [number, number, number, number, number][] = [[1, 120, 100, 1, 1], [200, 120, 100, 1, 1], [1, -5, 100, 1, 0], [20, 120, 100, 1, 1]];
  tail.forEach(([p, f, k, t, c], j) => {
    const i = cases.length + j;
    price[i] = p;
    forward[i] = f;
    strike[i] = k;
    timeYears[i] = t;
    isCall[i] = c;
  });
  const outVol = new Float64Array(n).fill(-1);
  const outStatus = new Uint8Array(n).fill(255);
  impliedVolatilityBatch(price, forward, strike, timeYears, isCall, outVol, outStatus);
  const code = { below_intrinsic: IvStatus.belowIntrinsic, above_maximum: IvStatus.aboveMaximum, invalid_input: IvStatus.invalidInput };
  for (let i = 0; i < n; i++) {
    const r = impliedVolatility(price[i]!, forward[i]!, strike[i]!, timeYears[i]!, isCall[i] === 1 ? 'call' : 'put');
    if (r.ok) {
      assert.equal(outStatus[i], IvStatus.ok);
      assert.ok(Object.is(outVol[i], r.vol), `option ${i}: ${outVol[i]} vs ${r.vol}`);
    } else {
      assert.equal(outStatus[i], code[r.reason]);
      assert.equal(outVol[i], 0);
    }
  }
  assert.deepEqual([...outStatus.subarray(cases.length)], [IvStatus.belowIntrinsic, IvStatus.aboveMaximum, IvStatus.invalidInput, IvStatus.ok]);
});

test('lowest branch with the fitted guess correction (s_c ≤ 2.44, usually one step): σ̂ within 4ε(1 + κ + κₓ) on a dense grid below s_l', (t) => {
  let worst = 0;
  let checked = 0;
  for (let ax = 1e-4; ax <= 2.98; ax *= 1.25) {
    // s_l, where the tangent at the inflection point s_c = √(2|x|) meets 0 (Jäckel 2015): the branch is s < s_l.
    const sC = Math.sqrt(2 * ax);
    const sL = sC - normalisedBlack(-ax, sC, true) / normalisedVega(-ax, sC);
    for (let w = 0.04; w < 1; w += 0.03) {
      const forward = 100;
      const strike = forward * Math.exp(ax);
      const sigma = w * sL;
      const price = blackPrice(forward, strike, sigma, 1, true);
      if (!(price / (Math.sqrt(forward) * Math.sqrt(strike)) >= MIN_NORMAL)) continue;
      const r = impliedVolatility(price, forward, strike, 1, 'call');
      assert.ok(r.ok, `|x| = ${ax}, s = ${sigma}`);
      const kappa = conditionNumber(price, forward, strike, sigma, 1);
      const k = Math.abs(r.vol / sigma - 1) / (EPS * (1 + kappa + moneynessConditionNumber(forward, strike, sigma, 1)));
      worst = Math.max(worst, k);
      assert.ok(k <= K_BOUND, `|x| = ${ax}, s = ${sigma}: σ̂ = ${r.vol}, ${k.toFixed(2)}·ε(1+κ+κₓ)`);
      checked++;
    }
  }
  t.diagnostic(`worst ${worst.toFixed(3)}·ε(1+κ+κₓ) over ${checked} lowest-branch cases`);
  assert.ok(checked > 1000);
});
