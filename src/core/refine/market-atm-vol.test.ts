import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SmileSlice } from '../calibration/smile-slice.ts';
import { atmMidVol, constantMaturityAtmVol } from './market-atm-vol.ts';

function slice(T: number, k: readonly number[], vol: (k: number) => number): SmileSlice {
  const n = k.length;
  const mid = Float64Array.from(k, vol);
  return {
    currency: 'BTC',
    expiryMs: Math.round(T * 365 * 86_400_000),
    timeToExpiryYears: T,
    forward: 100,
    count: n,
    instruments: k.map((_, i) => `X-${i}`),
    strike: Float64Array.from(k, (x) => 100 * Math.exp(x)),
    isCall: Uint8Array.from(k, (x) => (x >= 0 ? 1 : 0)),
    logMoneyness: Float64Array.from(k),
    midVol: mid,
    bidVol: mid.map((v) => v - 0.01),
    askVol: mid.map((v) => v + 0.01),
  };
}

describe('model-free ATM vol', () => {
  it('interpolates a linear smile exactly at k = 0 and refuses a smile that does not bracket it', () => {
    assert.ok(Math.abs(atmMidVol(slice(0.1, [-0.3, -0.1, 0.2, 0.4], (k) => 0.5 - 0.2 * k)) - 0.5) < 1e-15);
    assert.ok(Number.isNaN(atmMidVol(slice(0.1, [0.1, 0.2], () => 0.5))));
  });

  it('is linear in total variance between the expiries around the tenor, and NaN outside them', () => {
    const ks = [-0.2, -0.05, 0.05, 0.2];
    const slices = [slice(10 / 365, ks, () => 0.4), slice(50 / 365, ks, () => 0.6)];
    const T = 30 / 365;
    // w(T) = w₁ + (w₂ − w₁)(T − T₁)/(T₂ − T₁), by hand: 0.16·10/365 + (0.36·50 − 0.16·10)/365 · ½.
    const w = (0.16 * 10 + 0.5 * (0.36 * 50 - 0.16 * 10)) / 365;
    assert.ok(Math.abs(constantMaturityAtmVol(slices, T) - Math.sqrt(w / T)) < 1e-15);
    assert.ok(Number.isNaN(constantMaturityAtmVol(slices, 90 / 365)));
    assert.ok(Number.isNaN(constantMaturityAtmVol([slice(1 / 365, ks, () => 1), slices[1]!], 30 / 365)));
  });
});
