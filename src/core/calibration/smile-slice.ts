/**
 * A pricing-ready smile: one expiry's kept quotes as Float64Arrays (STYLE.md principle 2), built once from
 * a resolved ExpirySlice before any hot loop. Calibrators and models read only this.
 *
 * Units: vols annualised decimals; k = ln(K/F); T in years (docs/conventions.md).
 * A bid with no implied vol (at or below intrinsic) is stored as bidVol 0 (no lower bound); an ask with
 * none as askVol +Infinity (no upper bound): no NaN anywhere.
 */
import type { ExpirySlice } from '../market/resolve-chain.ts';

export interface SmileSlice {
  readonly currency: string;
  readonly expiryMs: number;
  readonly timeToExpiryYears: number;
  readonly forward: number;
  readonly count: number;
  readonly instruments: readonly string[];
  readonly strike: Float64Array;
  readonly isCall: Uint8Array;
  readonly logMoneyness: Float64Array;
  readonly midVol: Float64Array;
  readonly bidVol: Float64Array;
  readonly askVol: Float64Array;
}

/** The kept quotes of a resolved expiry as arrays, in strike order; null when it has no forward or quotes. */
export function smileSliceFromExpiry(slice: ExpirySlice): SmileSlice | null {
  if (slice.forward === null || slice.quotes.length === 0) return null;
  const n = slice.quotes.length;
  const out = {
    currency: slice.currency,
    expiryMs: slice.expiryMs,
    timeToExpiryYears: slice.timeToExpiryYears,
    forward: slice.forward.forward,
    count: n,
    instruments: slice.quotes.map((q) => q.instrument),
    strike: new Float64Array(n),
    isCall: new Uint8Array(n),
    logMoneyness: new Float64Array(n),
    midVol: new Float64Array(n),
    bidVol: new Float64Array(n),
    askVol: new Float64Array(n),
  };
  slice.quotes.forEach((q, i) => {
    out.strike[i] = q.strike;
    out.isCall[i] = q.type === 'call' ? 1 : 0;
    out.logMoneyness[i] = q.logMoneyness;
    out.midVol[i] = q.midIv;
    out.bidVol[i] = q.bidIv ?? 0;
    out.askVol[i] = q.askIv ?? Number.POSITIVE_INFINITY;
  });
  return out;
}

/** A slice from plain arrays (tests, generated smiles); bid/ask default to the mid (a zero spread). */
export function smileSliceFromArrays(input: {
  readonly timeToExpiryYears: number;
  readonly forward: number;
  readonly logMoneyness: readonly number[];
  readonly midVol: readonly number[];
  readonly bidVol?: readonly number[];
  readonly askVol?: readonly number[];
  readonly currency?: string;
  readonly expiryMs?: number;
}): SmileSlice {
  const n = input.logMoneyness.length;
  const k = Float64Array.from(input.logMoneyness);
  return {
    currency: input.currency ?? 'TEST',
    expiryMs: input.expiryMs ?? 0,
    timeToExpiryYears: input.timeToExpiryYears,
    forward: input.forward,
    count: n,
    instruments: Array.from({ length: n }, (_, i) => `q${i}`),
    strike: k.map((x) => input.forward * Math.exp(x)),
    isCall: Uint8Array.from(input.logMoneyness, (x) => (x >= 0 ? 1 : 0)),
    logMoneyness: k,
    midVol: Float64Array.from(input.midVol),
    bidVol: Float64Array.from(input.bidVol ?? input.midVol),
    askVol: Float64Array.from(input.askVol ?? input.midVol),
  };
}
