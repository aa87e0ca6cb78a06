import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normPdf } from '../numerics/normal.ts';
import { black76Price } from '../pricing/black76.ts';
import { sabrDensityAt, sabrDensityCheck } from './sabr-density.ts';
import type { SabrParams } from './sabr.ts';
import { sabrVol } from './sabr-vol.ts';

const F = 60_000;
const point = new Float64Array(2);

/** Breeden–Litzenberger by central second differences of Black-76 OTM prices in strike (the oracle). */
function pricedDensity(params: SabrParams, beta: number, T: number, k: number): number {
  const K = F * Math.exp(k);
  // A step of 1e-3 of the smile's width σ√T: truncation ~1e-6 relative, rounding ~ε·price/h² far below.
  const h = 1e-3 * params.alpha * Math.sqrt(T) * K;
  const type = k < 0 ? 'put' : 'call';
  const price = (strike: number): number =>
    black76Price(F, strike, T, sabrVol(params.alpha, params.rho, params.nu, beta, Math.log(strike / F), T), type);
  return (price(K + h) - 2 * price(K) + price(K - h)) / (h * h);
}

function density(params: SabrParams, beta: number, T: number, k: number): number {
  sabrDensityAt(params, beta, F, T, k, point);
  return point[1]!;
}

// Long-dated, large vol of vol, strongly negative correlation: Hagan's expansion breaks in the low-strike wing.
const BROKEN: SabrParams = { alpha: 0.8, rho: -0.6, nu: 1.5 };
const BROKEN_T = 2;

test('sabrDensityAt equals the Breeden–Litzenberger second difference of Black-76 prices (to 1e-5 relative)', () => {
  const cases: [SabrParams, number, number][] = [
    [BROKEN, 1, BROKEN_T],
    [{ alpha: 0.6, rho: -0.2, nu: 2.5 }, 1, 7 / 365],
    [{ alpha: 0.5, rho: -0.8, nu: 1.2 }, 0.5, 5],
    [{ alpha: 0.7, rho: 0.4, nu: 1 }, 0, 0.5],
  ];
  for (const [params, beta, T] of cases) {
    const sd = params.alpha * Math.sqrt(T);
    for (const m of [-2.5, -1.2, -0.4, 0, 0.3, 1, 2]) {
      const k = m * sd;
      const q = density(params, beta, T, k);
      const bl = pricedDensity(params, beta, T, k);
      // The difference quotient has O(h²) truncation and ~ε·price/h² rounding: 1e-5 covers both here.
      assert.ok(Math.abs(q - bl) <= 1e-5 * Math.abs(bl) + 1e-12 / F, `${JSON.stringify(params)} β=${beta} T=${T} k=${k}: ${q} vs ${bl}`);
    }
  }
});

test('sabrDensityAt with ν = 0 and β = 1 is the lognormal density φ(d₂)/(Kσ√T), with g ≡ 1', () => {
  const params = { alpha: 0.7, rho: 0.3, nu: 0 };
  const T = 0.4;
  for (const k of [-2, -0.3, 0, 0.5, 1.5]) {
    sabrDensityAt(params, 1, F, T, k, point);
    const s = 0.7 * Math.sqrt(T);
    const expected = normPdf(-k / s - s / 2) / (F * Math.exp(k) * s);
    assert.equal(point[0], 1);
    assert.ok(Math.abs(point[1]! - expected) <= 1e-14 * expected, `k=${k}: ${point[1]} vs ${expected}`);
  }
});

test('sabrDensityCheck flags the low-strike wing of a 2-year smile with ν = 1.5, ρ = −0.6 as negative', () => {
  const check = sabrDensityCheck(BROKEN, 1, F, BROKEN_T, -4, 3, 1400);
  assert.ok(check.minimumDensity < 0, `minimum ${check.minimumDensity}`);
  assert.equal(check.negativeFrom, -4);
  assert.ok(check.negativeTo !== null && check.negativeTo > -1.6 && check.negativeTo < -1.3, `to ${check.negativeTo}`);
  assert.ok(check.minimumAtLogMoneyness < -1.4);
  // Oracle: the Black-76 prices themselves are concave in strike there (a butterfly with negative value).
  assert.ok(pricedDensity(BROKEN, 1, BROKEN_T, -2.5) < 0);
  assert.ok(pricedDensity(BROKEN, 1, BROKEN_T, -0.5) > 0);
});

test('sabrDensityCheck locates the sign change within the grid step by interpolation', () => {
  // Reference root of g by bisection on a fine scale.
  let lo = -2;
  let hi = -1;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    sabrDensityAt(BROKEN, 1, F, BROKEN_T, mid, point);
    if (point[0]! < 0) lo = mid;
    else hi = mid;
  }
  const step = 7 / 140;
  const check = sabrDensityCheck(BROKEN, 1, F, BROKEN_T, -4, 3, 140);
  assert.ok(check.negativeTo !== null && Math.abs(check.negativeTo - lo) < 0.1 * step, `${check.negativeTo} vs root ${lo}`);
});

test('sabrDensityCheck passes a short-dated moderate smile (7 days, ν = 2.5, ρ = −0.2) on k ∈ [−1, 1]', () => {
  const check = sabrDensityCheck({ alpha: 0.6, rho: -0.2, nu: 2.5 }, 1, F, 7 / 365, -1, 1, 2000);
  assert.equal(check.negativeFrom, null);
  assert.equal(check.negativeTo, null);
  assert.ok(check.minimumDensity >= 0);
});

test('sabrDensityCheck reports −Infinity where Hagan σ itself is not positive', () => {
  // ρ = −0.99, ν = 10, T = 2: the T-correction of eq. 2.17a is negative at every strike.
  const check = sabrDensityCheck({ alpha: 0.5, rho: -0.99, nu: 10 }, 1, F, 2, -1, 1, 10);
  assert.equal(check.minimumDensity, Number.NEGATIVE_INFINITY);
  assert.equal(check.negativeFrom, -1);
  assert.equal(check.negativeTo, 1);
});

test('sabrDensityCheck rejects invalid arguments with a RangeError naming the value', () => {
  const p = { alpha: 0.6, rho: 0, nu: 1 };
  assert.throws(() => sabrDensityCheck(p, 1, 0, 1, -1, 1, 10), /forward must be finite and > 0, got 0/);
  assert.throws(() => sabrDensityCheck(p, 1, F, 1, 1, -1, 10), /kFrom < kTo/);
  assert.throws(() => sabrDensityCheck(p, 1, F, 1, -1, 1, 0.5), /steps/);
  assert.throws(() => sabrDensityCheck({ ...p, rho: 1 }, 1, F, 1, -1, 1, 10), /rho 1/);
  assert.throws(() => sabrDensityCheck(p, 2, F, 1, -1, 1, 10), /beta/);
});
