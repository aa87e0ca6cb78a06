import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveChain } from './resolve-chain.ts';
import { rawQuote } from './testing/quote-builder.ts';
import type { ChainSnapshot, RawOptionQuote } from './option-quote.ts';
import { black76Price } from '../pricing/black76.ts';
import { MS_PER_DAY, MS_PER_YEAR } from './time.ts';

const EXPIRY = Date.UTC(2026, 2, 27, 8);
const F = 70_000;

function snapshot(quotes: RawOptionQuote[], snapshotTimeMs = EXPIRY - 30 * MS_PER_DAY): ChainSnapshot {
  return { file: 'test.csv', format: 'deribit-snapshot-csv', snapshotTimeMs, quotes, futures: [] };
}

/** A coin quote priced from a flat vol, with a given relative half-spread. */
function priced(strike: number, type: 'call' | 'put', vol: number, halfSpread = 0.02, timeYears = 30 / 365): RawOptionQuote {
  const coin = black76Price(F, strike, timeYears, vol, type) / F;
  return rawQuote({
    strike,
    type,
    bid: coin * (1 - halfSpread),
    ask: coin * (1 + halfSpread),
    underlyingPrice: F,
    underlyingKind: 'future',
    instrument: `BTC-27MAR26-${strike}-${type === 'call' ? 'C' : 'P'}`,
  });
}

test('kept quotes carry bid ≤ true vol ≤ ask IVs, mid IV, both premium units and k = ln(K/F)', () => {
  const quotes = [60_000, 65_000, 75_000, 80_000].map((K) => priced(K, K < F ? 'put' : 'call', 0.55));
  const [chain] = resolveChain(snapshot(quotes));
  const slice = chain!.slices[0]!;
  assert.equal(slice.quotes.length, 4);
  for (const q of slice.quotes) {
    assert.ok(q.bidIv !== null && q.askIv !== null);
    assert.ok(q.bidIv < 0.55 && 0.55 < q.askIv, `${q.instrument}: ${q.bidIv} ${q.askIv}`);
    assert.ok(Math.abs(q.midIv - 0.55) < 0.01);
    assert.ok(Math.abs(q.bidUsd - q.bidCoin! * F) < 1e-9);
    assert.equal(q.logMoneyness, Math.log(q.strike / F));
  }
  assert.ok(Math.abs(slice.timeToExpiryYears - (30 * MS_PER_DAY) / MS_PER_YEAR) < 1e-15);
});

test('each filter drops with its own reason code, in the documented order', () => {
  const base = priced(75_000, 'call', 0.55);
  const cases: [RawOptionQuote, string][] = [
    [{ ...base, bid: null, ask: null }, 'no_quote'],
    [{ ...base, bid: null }, 'no_bid'],
    [{ ...base, bid: 0 }, 'no_bid'],
    [{ ...base, ask: null }, 'no_ask'],
    [{ ...base, bid: 0.02, ask: 0.01 }, 'crossed'],
    [{ ...base, strike: 50_000, type: 'call', bid: 0.1, ask: 0.2 }, 'outside_bounds'], // intrinsic 0.2857 coin
    [{ ...base, bid: 1.01, ask: 1.02 }, 'outside_bounds'], // a call is worth at most one coin
    [{ ...base, quoteTimeMs: EXPIRY - 31 * MS_PER_DAY }, 'stale'],
    [{ ...base, bid: 0.001, ask: 0.01 }, 'wide_spread'],
    [priced(65_000, 'call', 0.55), 'in_the_money_side'],
  ];
  for (const [quote, reason] of cases) {
    const [chain] = resolveChain(snapshot([quote]));
    const slice = chain!.slices[0]!;
    assert.equal(slice.quotes.length, 0, reason);
    assert.equal(slice.dropped[0]!.reason, reason);
    assert.equal(slice.dropCounts[reason as keyof typeof slice.dropCounts], 1);
  }
});

test('an expiry inside the minimum time is dropped whole with expiry_too_close', () => {
  const quotes = [priced(75_000, 'call', 0.55)];
  const [chain] = resolveChain(snapshot(quotes, EXPIRY - 10 * 60_000));
  assert.equal(chain!.slices[0]!.dropCounts.expiry_too_close, 1);
});

test('an expiry with no forward drops every quote with no_forward', () => {
  const quotes = [rawQuote({ bid: null, ask: 0.01 })];
  const [chain] = resolveChain(snapshot(quotes));
  assert.equal(chain!.slices[0]!.forward, null);
  assert.equal(chain!.slices[0]!.dropCounts.no_forward, 1);
});

test('both sides are kept when outOfTheMoneyOnly is off', () => {
  const quotes = [priced(65_000, 'call', 0.55), priced(65_000, 'put', 0.55)];
  const filter = { minTimeToExpiryYears: 0, maxRelativeSpread: 1, maxQuoteAgeMs: null, maxLastTradeAgeMs: null, outOfTheMoneyOnly: false };
  const [chain] = resolveChain(snapshot(quotes), { filter });
  assert.equal(chain!.slices[0]!.quotes.length, 2);
});

test('ATM vol interpolates total variance between the quotes either side of the forward', () => {
  const quotes = [priced(68_000, 'put', 0.5, 0.001), priced(72_000, 'call', 0.6, 0.001)];
  const [chain] = resolveChain(snapshot(quotes));
  const slice = chain!.slices[0]!;
  const [below, above] = slice.quotes;
  const t = (0 - below!.logMoneyness) / (above!.logMoneyness - below!.logMoneyness);
  const expected = Math.sqrt(below!.midIv ** 2 + t * (above!.midIv ** 2 - below!.midIv ** 2));
  assert.ok(Math.abs(slice.atmVol! - expected) < 1e-14);
});

test('currencies and expiries come out sorted; every quote is either kept or dropped once', () => {
  const eth = { ...priced(75_000, 'call', 0.55), currency: 'ETH' };
  const later = { ...priced(80_000, 'call', 0.55), expiryMs: EXPIRY + 7 * MS_PER_DAY };
  const quotes = [later, eth, priced(75_000, 'call', 0.55), priced(65_000, 'call', 0.55)];
  const chains = resolveChain(snapshot(quotes));
  assert.deepEqual(chains.map((c) => c.currency), ['BTC', 'ETH']);
  const btc = chains[0]!;
  assert.deepEqual(btc.slices.map((s) => s.expiryMs), [EXPIRY, EXPIRY + 7 * MS_PER_DAY]);
  const total = chains.flatMap((c) => c.slices).reduce((n, s) => n + s.quotes.length + s.dropped.length, 0);
  assert.equal(total, quotes.length);
});
