/**
 * Builds RawOptionQuote values for tests: a quote with sensible defaults that each test overrides field by
 * field, so a test states only what it is about.
 */
import type { RawOptionQuote } from '../option-quote.ts';

export function rawQuote(overrides: Partial<RawOptionQuote> = {}): RawOptionQuote {
  const strike = overrides.strike ?? 70_000;
  const type = overrides.type ?? 'call';
  return {
    instrument: `BTC-27MAR26-${strike}-${type === 'call' ? 'C' : 'P'}`,
    currency: 'BTC',
    expiryMs: Date.UTC(2026, 2, 27, 8),
    strike,
    type,
    premiumUnit: 'coin',
    bid: 0.01,
    ask: 0.011,
    mark: null,
    markIv: null,
    underlyingPrice: null,
    underlyingName: null,
    underlyingKind: null,
    indexPrice: null,
    quoteTimeMs: null,
    lastTradeMs: null,
    openInterest: null,
    source: { file: 'test.csv', line: 2 },
    ...overrides,
  };
}
