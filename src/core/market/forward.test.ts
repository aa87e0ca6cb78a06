import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateForward } from './forward.ts';
import { rawQuote } from './testing/quote-builder.ts';
import type { RawOptionQuote } from './option-quote.ts';

/** Coin-settled call and put at one strike whose mids satisfy c − p = 1 − K/F exactly, with a spread. */
function coinPair(F: number, K: number, half = 0.0005, shift = 0): RawOptionQuote[] {
  const put = 0.02 + Math.max(K / F - 1, 0);
  const call = put + 1 - K / F + shift;
  return [
    rawQuote({ strike: K, type: 'call', bid: call - half, ask: call + half }),
    rawQuote({ strike: K, type: 'put', bid: put - half, ask: put + half }),
  ];
}

test('the venue future on the option rows is the forward, ahead of parity', () => {
  const quotes = [...coinPair(70_000, 70_000), ...coinPair(70_000, 72_000)].map((q) => ({
    ...q,
    underlyingPrice: 70_123,
    underlyingKind: 'future' as const,
  }));
  const result = estimateForward(quotes, []);
  assert.ok(result.ok);
  assert.equal(result.value.forward, 70_123);
  assert.equal(result.value.source, 'future');
});

test('a synthetic underlying is reported as synthetic', () => {
  const quotes = coinPair(70_000, 70_000).map((q) => ({ ...q, underlyingPrice: 69_990, underlyingKind: 'synthetic' as const }));
  const result = estimateForward(quotes, []);
  assert.ok(result.ok);
  assert.equal(result.value.source, 'synthetic');
  assert.equal(result.value.forward, 69_990);
});

test('a dated future in the snapshot is used when the rows carry no forward', () => {
  const future = { instrument: 'BTC-27MAR26', currency: 'BTC', expiryMs: Date.UTC(2026, 2, 27, 8), price: 71_000, source: { file: 'f', line: 1 } };
  const result = estimateForward(coinPair(70_000, 70_000), [future]);
  assert.ok(result.ok);
  assert.deepEqual([result.value.source, result.value.forward], ['future', 71_000]);
});

test('coin-settled parity recovers the forward from near-the-money pairs to 1e-9', () => {
  const F = 68_437.5;
  const quotes = [60_000, 65_000, 68_000, 70_000, 75_000].flatMap((K) => coinPair(F, K));
  const result = estimateForward(quotes, []);
  assert.ok(result.ok);
  assert.equal(result.value.source, 'parity');
  assert.ok(Math.abs(result.value.forward / F - 1) < 1e-9, `${result.value.forward}`);
  assert.equal(result.value.discountFactor, 1);
});

test('parity ignores an outlier pair and one-sided quotes', () => {
  const F = 70_000;
  const quotes = [
    ...coinPair(F, 68_000),
    ...coinPair(F, 70_000),
    ...coinPair(F, 72_000),
    ...coinPair(F, 71_000, 0.0005, 0.004), // a stale pair: 0.004 coin off parity
    rawQuote({ strike: 69_000, type: 'call', bid: null, ask: 0.05 }),
    rawQuote({ strike: 69_000, type: 'put', bid: 0.001, ask: 0.002 }),
  ];
  const result = estimateForward(quotes, []);
  assert.ok(result.ok);
  assert.ok(Math.abs(result.value.forward / F - 1) < 1e-9);
  assert.equal(result.value.pairsUsed, 4);
});

test('quote-currency parity recovers both the forward and the discount factor (Theil–Sen)', () => {
  const F = 6940.5;
  const D = 0.9987;
  const quotes = [6800, 6900, 6950, 7000, 7100].flatMap((K) => {
    const put = 20 + Math.max(K - F, 0);
    const call = put + D * (F - K);
    return [
      rawQuote({ currency: 'SPX', premiumUnit: 'quote', strike: K, type: 'call', bid: call - 0.5, ask: call + 0.5 }),
      rawQuote({ currency: 'SPX', premiumUnit: 'quote', strike: K, type: 'put', bid: put - 0.5, ask: put + 0.5 }),
    ];
  });
  const result = estimateForward(quotes, []);
  assert.ok(result.ok);
  assert.ok(Math.abs(result.value.discountFactor - D) < 1e-12);
  assert.ok(Math.abs(result.value.forward - F) < 1e-9);
});

test('the index is the last resort, and no forward at all is a typed failure', () => {
  const oneSided = [rawQuote({ bid: null, underlyingPrice: 70_001, underlyingKind: 'index' })];
  const index = estimateForward(oneSided, []);
  assert.ok(index.ok);
  assert.equal(index.value.source, 'index');
  const none = estimateForward([rawQuote({ bid: null })], []);
  assert.equal(none.ok, false);
  assert.equal(estimateForward([], []).ok, false);
});
