import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIssue } from './read-issue.ts';
import { readSharedText, sharedDataAvailable } from './shared-data-for-tests.ts';
import { parseYahooOptionChainCsv } from './yahoo-option-chain-csv.ts';

const skip = !sharedDataAvailable;
const spx = (): string => readSharedText('spx_yahoo_vivekrao/SPX_all.csv.gz');

test('parseYahooOptionChainCsv reads SPX_all.csv: 17,107 rows, 54 expiry dates, roots SPXW and SPX', { skip }, () => {
  const outcome = parseYahooOptionChainCsv(spx(), 'SPX_all.csv');
  const snapshot = outcome.snapshot;
  assert.ok(snapshot !== null);
  const quotes = snapshot.quotes;
  assert.equal(quotes.length, 17107);
  assert.equal(outcome.rowsRead, 17107);
  assert.equal(outcome.rowsRejected, 0);
  assert.equal(new Set(quotes.map((q) => q.instrument.slice(-15, -9))).size, 54);
  // AM-settled SPX and PM-settled SPXW share 5 dates, so there are 59 expiry instants.
  assert.equal(new Set(quotes.map((q) => q.expiryMs)).size, 59);
  assert.equal(quotes.filter((q) => q.instrument.startsWith('SPXW')).length, 10752);
  assert.ok(quotes.every((q) => q.currency === 'SPX' && q.premiumUnit === 'quote' && q.underlyingPrice === null));
  assert.deepEqual([Math.min(...quotes.map((q) => q.strike)), Math.max(...quotes.map((q) => q.strike))], [200, 12400]);
  assert.equal(quotes.filter((q) => q.bid === null && q.ask === null).length, 240);
  const crossed = quotes.filter((q) => q.bid !== null && q.ask !== null && q.bid > q.ask);
  assert.deepEqual(crossed.map((q) => [q.instrument, q.bid, q.ask]), [['SPX260220C00800000', 6107.9, 6105.7]]);
  assert.ok(quotes.every((q) => q.bid !== 0 && q.ask !== 0));
});

test('parseYahooOptionChainCsv settles SPX at the 09:30 open and SPXW at the 16:00 close, New York time', { skip }, () => {
  const quotes = parseYahooOptionChainCsv(spx(), 'SPX_all.csv').snapshot?.quotes ?? [];
  const expiry = (symbol: string): string => new Date(quotes.find((q) => q.instrument === symbol)?.expiryMs ?? NaN).toISOString();
  assert.equal(expiry('SPX260220C00800000'), '2026-02-20T14:30:00.000Z'); // EST
  assert.equal(expiry('SPXW260202C02800000'), '2026-02-02T21:00:00.000Z'); // EST
  const summerSpxw = quotes.find((q) => q.instrument.startsWith('SPXW2606'));
  assert.equal(new Date(summerSpxw?.expiryMs ?? NaN).toISOString().slice(11), '20:00:00.000Z'); // EDT
});

test('parseYahooOptionChainCsv: without snapshotTimeMs it takes the latest trade and warns', { skip }, () => {
  const outcome = parseYahooOptionChainCsv(spx(), 'SPX_all.csv');
  assert.equal(outcome.snapshot?.snapshotTimeMs, Date.UTC(2026, 0, 30, 21, 15, 54));
  assert.deepEqual(
    outcome.issues.map(formatIssue),
    [
      'SPX_all.csv: warning: the file has no snapshot time; using the latest lastTradeDate, 2026-01-30T21:15:54.000Z (set snapshotTimeMs to override)',
    ],
  );
  const close = Date.UTC(2026, 0, 30, 21, 15);
  const given = parseYahooOptionChainCsv(spx(), 'SPX_all.csv', { snapshotTimeMs: close });
  assert.equal(given.snapshot?.snapshotTimeMs, close);
  assert.deepEqual(given.issues, []);
});

const header =
  'contractSymbol,lastTradeDate,strike,lastPrice,bid,ask,change,percentChange,volume,openInterest,impliedVolatility,inTheMoney,contractSize,currency,option_type,expiration';
const line = (symbol: string, strike: string, more: Partial<Record<'last' | 'bid' | 'ask' | 'type' | 'expiration', string>> = {}): string =>
  `${symbol},${more.last ?? '2026-01-30 16:45:44+00:00'},${strike},10.0,${more.bid ?? '9.5'},${more.ask ?? '10.5'},0,0,1.0,3.0,0.2,False,REGULAR,USD,${more.type ?? 'call'},${more.expiration ?? '2026-02-06'}`;

test('parseYahooOptionChainCsv reports bad symbols, disagreements and zone-less times by line and column', () => {
  const text = [
    header,
    line('SPXW260206C06900000', '6900.0'), // 2 good
    line('SPXW260206C6900000', '6900.0'), // 3 strike has 7 digits
    line('SPXW260206C07000000', '7100.0'), // 4 strike column disagrees
    line('SPXW260206P07000000', '7000.0', { last: '2026-01-30 16:45:44', type: 'put' }), // 5 no zone
    line('SPXW260206P07100000', '7100.0', { expiration: '2026-02-13', type: 'put' }), // 6 expiration disagrees
    line('SPXW260206P07200000', '7200.0', { type: 'put', bid: '0.0', ask: '0.0' }), // 7 no quote
  ].join('\n');
  const outcome = parseYahooOptionChainCsv(text, 'y.csv', { snapshotTimeMs: Date.UTC(2026, 0, 30, 21) });
  assert.deepEqual(
    outcome.issues.map((i) => [i.line, i.column]),
    [
      [3, 'contractSymbol'],
      [4, 'strike'],
      [5, 'lastTradeDate'],
      [6, 'expiration'],
    ],
  );
  assert.match(formatIssue(outcome.issues[2]!), /y\.csv:5: column 'lastTradeDate': date-time without a time zone/);
  const quotes = outcome.snapshot?.quotes ?? [];
  assert.deepEqual(quotes.map((q) => [q.source.line, q.bid, q.ask]), [[2, 9.5, 10.5], [7, null, null]]);
  assert.equal(outcome.rowsRejected, 4);
});
