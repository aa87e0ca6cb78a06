import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyDeribitUnderlying,
  newYorkToUtcMs,
  parseDeribitExpiry,
  parseDeribitFutureName,
  parseDeribitInstrumentName,
  parseDeribitOptionName,
  parseOccSymbol,
  parseOptionName,
} from './instrument-name.ts';

function value<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) assert.fail(`expected success, got: ${result.reason}`);
  return result.value;
}

function reason(result: { ok: boolean; reason?: string }): string {
  assert.equal(result.ok, false);
  return result.reason ?? '';
}

test('parseDeribitOptionName reads currency, 08:00 UTC expiry, strike and type', () => {
  assert.deepEqual(value(parseDeribitOptionName('BTC-27MAR26-90000-C')), {
    kind: 'option',
    currency: 'BTC',
    settleCurrency: 'BTC',
    expiryMs: Date.UTC(2026, 2, 27, 8),
    strike: 90000,
    type: 'call',
  });
});

test('parseDeribitOptionName accepts a one-digit day', () => {
  const name = value(parseDeribitOptionName('ETH-9JAN24-2200-P'));
  assert.equal(name.expiryMs, Date.UTC(2024, 0, 9, 8));
  assert.equal(name.type, 'put');
  assert.equal(name.strike, 2200);
});

test('parseDeribitOptionName reads linear USDC options and d-decimal strikes', () => {
  const name = value(parseDeribitOptionName('XRP_USDC-30JAN26-0d625-C'));
  assert.equal(name.currency, 'XRP');
  assert.equal(name.settleCurrency, 'USDC');
  assert.equal(name.strike, 0.625);
});

test('parseDeribitOptionName rejects bad names with a reason instead of throwing', () => {
  for (const bad of ['', 'BTC', 'BTC-27MAR26-90000', 'BTC-27MAR26-90000-X', 'btc-27mar26-90000-c', 'BTC-27MAR26--C', 'BTC-27MAR2026-1-C']) {
    assert.match(reason(parseDeribitOptionName(bad)), /expected a Deribit option name/, bad);
  }
  assert.match(reason(parseDeribitOptionName('BTC-31FEB26-90000-C')), /FEB 2026 has no day 31/);
  assert.match(reason(parseDeribitOptionName('BTC-1XYZ26-90000-C')), /unknown month 'XYZ'/);
  assert.match(reason(parseDeribitOptionName('BTC-0JAN26-90000-C')), /no day 0/);
  assert.match(reason(parseDeribitOptionName('BTC-1JAN26-0-C')), /strike must be positive/);
});

test('parseDeribitExpiry knows leap years', () => {
  assert.equal(value(parseDeribitExpiry('29FEB28')), Date.UTC(2028, 1, 29, 8));
  assert.match(reason(parseDeribitExpiry('29FEB26')), /no day 29/);
});

test('parseDeribitFutureName reads dated, synthetic and perpetual names', () => {
  assert.deepEqual(value(parseDeribitFutureName('BTC-27MAR26')), {
    kind: 'future',
    currency: 'BTC',
    settleCurrency: 'BTC',
    expiryMs: Date.UTC(2026, 2, 27, 8),
    style: 'dated',
  });
  const synthetic = value(parseDeribitFutureName('SYN.BTC-16JAN26'));
  assert.equal(synthetic.style, 'synthetic');
  assert.equal(synthetic.expiryMs, Date.UTC(2026, 0, 16, 8));
  const perpetual = value(parseDeribitFutureName('ETH_USDC-PERPETUAL'));
  assert.equal(perpetual.style, 'perpetual');
  assert.equal(perpetual.expiryMs, null);
  assert.equal(perpetual.settleCurrency, 'USDC');
  assert.equal(parseDeribitFutureName('BTC-27MAR26-90000-C').ok, false);
});

test('parseDeribitInstrumentName tells options from futures', () => {
  assert.equal(value(parseDeribitInstrumentName('BTC-27MAR26-90000-C')).kind, 'option');
  assert.equal(value(parseDeribitInstrumentName('BTC-PERPETUAL')).kind, 'future');
  assert.equal(parseDeribitInstrumentName('BTC-FS-27MAR26_PERP').ok, false);
});

test('classifyDeribitUnderlying: future, synthetic, index or unknown', () => {
  assert.equal(classifyDeribitUnderlying('BTC-27MAR26'), 'future');
  assert.equal(classifyDeribitUnderlying('SYN.BTC-16JAN26'), 'synthetic');
  assert.equal(classifyDeribitUnderlying('SYN.EXPIRY'), 'synthetic');
  assert.equal(classifyDeribitUnderlying('index_price'), 'index');
  assert.equal(classifyDeribitUnderlying('btc_usd'), null);
  assert.equal(classifyDeribitUnderlying(''), null);
});

test('parseOccSymbol: SPXW is PM-settled at 16:00 New York (21:00 UTC in winter)', () => {
  assert.deepEqual(value(parseOccSymbol('SPXW260206C06900000')), {
    root: 'SPXW',
    currency: 'SPX',
    settleCurrency: 'USD',
    expiryMs: Date.UTC(2026, 1, 6, 21, 0),
    strike: 6900,
    type: 'call',
    settlement: 'pm',
  });
});

test('parseOccSymbol: SPX is AM-settled at the 09:30 New York open (13:30 UTC in summer)', () => {
  const name = value(parseOccSymbol('SPX260320P00200000'));
  assert.equal(name.settlement, 'am');
  assert.equal(name.currency, 'SPX');
  assert.equal(name.expiryMs, Date.UTC(2026, 2, 20, 13, 30));
  assert.equal(name.strike, 200);
  assert.equal(name.type, 'put');
});

test('parseOccSymbol accepts the space-padded OCC form and fractional strikes', () => {
  const name = value(parseOccSymbol('AAPL  260116C00187500'));
  assert.equal(name.root, 'AAPL');
  assert.equal(name.strike, 187.5);
  assert.equal(name.expiryMs, Date.UTC(2026, 0, 16, 21));
});

test('parseOccSymbol rejects malformed symbols', () => {
  assert.match(reason(parseOccSymbol('SPXW261306C06900000')), /month 13/);
  assert.match(reason(parseOccSymbol('SPXW260230C06900000')), /no day 30/);
  assert.match(reason(parseOccSymbol('SPXW260206C00000000')), /strike must be positive/);
  assert.match(reason(parseOccSymbol('SPXW260206X06900000')), /expected an OCC option symbol/);
  assert.match(reason(parseOccSymbol('SPXW260206C0690000')), /expected an OCC option symbol/);
});

test('parseOptionName dispatches on the name shape', () => {
  assert.equal(value(parseOptionName('BTC-27MAR26-90000-C')).settleCurrency, 'BTC');
  assert.equal(value(parseOptionName('SPXW260206C06900000')).settleCurrency, 'USD');
});

test('newYorkToUtcMs switches offset on the DST transition Sundays (2026: 8 March, 1 November)', () => {
  assert.equal(newYorkToUtcMs(2026, 2, 7, 16, 0), Date.UTC(2026, 2, 7, 21)); // Saturday, EST
  assert.equal(newYorkToUtcMs(2026, 2, 8, 16, 0), Date.UTC(2026, 2, 8, 20)); // DST starts 02:00
  assert.equal(newYorkToUtcMs(2026, 9, 31, 16, 0), Date.UTC(2026, 9, 31, 20)); // Saturday, EDT
  assert.equal(newYorkToUtcMs(2026, 10, 1, 16, 0), Date.UTC(2026, 10, 1, 21)); // DST ended 02:00
});

test('newYorkToUtcMs uses the 1987–2006 rule before 2007 (2006: 2 April to 29 October)', () => {
  assert.equal(newYorkToUtcMs(2006, 3, 1, 16, 0), Date.UTC(2006, 3, 1, 21));
  assert.equal(newYorkToUtcMs(2006, 3, 2, 16, 0), Date.UTC(2006, 3, 2, 20));
  assert.equal(newYorkToUtcMs(2006, 9, 28, 16, 0), Date.UTC(2006, 9, 28, 20));
  assert.equal(newYorkToUtcMs(2006, 9, 29, 16, 0), Date.UTC(2006, 9, 29, 21));
});

test('newYorkToUtcMs agrees with the ICU time-zone database at 09:30 and 16:00 on every day 2000–2040', () => {
  // Oracle: Intl's America/New_York (tests only; the implementation never uses Intl).
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const wall = (ms: number): string => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
    return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''} ${parts.hour ?? ''}:${parts.minute ?? ''}`;
  };
  for (let day = Date.UTC(2000, 0, 1); day < Date.UTC(2041, 0, 1); day += 86_400_000) {
    const date = new Date(day);
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
    const ymd = `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    assert.equal(wall(newYorkToUtcMs(y, m, d, 16, 0)), `${ymd} 16:00`);
    assert.equal(wall(newYorkToUtcMs(y, m, d, 9, 30)), `${ymd} 09:30`);
  }
});
