import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeribitBookSummaryCsv } from './deribit-book-summary-csv.ts';
import { parseGenericCsv, validateGenericMapping, type GenericMapping } from './generic-csv.ts';
import { formatIssue } from './read-issue.ts';
import { readSharedText, sharedDataAvailable } from './shared-data-for-tests.ts';
import { parseYahooOptionChainCsv } from './yahoo-option-chain-csv.ts';

const skip = !sharedDataAvailable;

const byTerms: GenericMapping = {
  currency: 'asset',
  expiry: 'expiry',
  strike: 'K',
  type: 'cp',
  bid: 'bid',
  ask: 'ask',
  markIv: 'iv',
  markIvUnit: 'percent',
  underlyingPrice: 'fwd',
  snapshotTime: 'asof',
  premiumUnit: 'quote',
  zeroMeansNoQuote: true,
};

test('parseGenericCsv reads expiry, strike and type columns; expiry as ISO or epoch ms', () => {
  const text = [
    'asset,expiry,K,cp,bid,ask,iv,fwd,asof',
    'BTC,2026-03-27T08:00:00Z,90000,C,1200,1300,55,91000,2026-03-01T09:00:00Z',
    `BTC,${Date.UTC(2026, 2, 27, 8)},80000,put,0,400,60,91000,2026-03-01T09:00:05Z`,
  ].join('\n');
  const outcome = parseGenericCsv(text, 'g.csv', byTerms);
  assert.deepEqual(outcome.issues, []);
  const snapshot = outcome.snapshot;
  assert.ok(snapshot !== null);
  assert.equal(snapshot.format, 'generic-csv');
  assert.equal(snapshot.snapshotTimeMs, Date.UTC(2026, 2, 1, 9, 0, 5));
  assert.deepEqual(snapshot.quotes[1], {
    instrument: 'BTC-2026-03-27T08:00Z-80000-P',
    currency: 'BTC',
    expiryMs: Date.UTC(2026, 2, 27, 8),
    strike: 80000,
    type: 'put',
    premiumUnit: 'quote',
    bid: null,
    ask: 400,
    mark: null,
    markIv: 0.6,
    underlyingPrice: 91000,
    underlyingName: null,
    underlyingKind: null,
    indexPrice: null,
    quoteTimeMs: null,
    lastTradeMs: null,
    openInterest: null,
    source: { file: 'g.csv', line: 3 },
  });
});

test('parseGenericCsv reports bad values by the file’s own column names', () => {
  const text = [
    'asset,expiry,K,cp,bid,ask,iv,fwd,asof',
    'BTC,2026-03-27 08:00,90000,C,1,2,55,91000,2026-03-01T09:00:00Z',
    'BTC,2026-03-27T08:00Z,-5,C,1,2,55,91000,2026-03-01T09:00:00Z',
    'BTC,2026-03-27T08:00Z,90000,W,1,2,55,91000,2026-03-01T09:00:00Z',
    'BTC,2026-03-27T08:00Z,90000,C,1,2,55,91000,1772355600',
    ',2026-03-27T08:00Z,95000,C,1,2,55,91000,2026-03-01T09:00:00Z',
    'ETH,2026-03-27T08:00Z,3000,C,1,2,55,3100,2026-03-01T09:00:00Z',
  ].join('\n');
  const outcome = parseGenericCsv(text, 'g.csv', byTerms);
  assert.deepEqual(
    outcome.issues.map(formatIssue),
    [
      "g.csv:2: column 'expiry': date-time without a time zone; add Z or an offset like +00:00 (value '2026-03-27 08:00')",
      "g.csv:3: column 'K': must be greater than 0 (value '-5')",
      "g.csv:4: column 'cp': unknown option type (expected call/put or C/P) (value 'W')",
      "g.csv:5: column 'asof': looks like seconds; expected epoch milliseconds (value '1772355600')",
      "g.csv:6: column 'asset': missing value",
    ],
  );
  assert.deepEqual(outcome.snapshot?.quotes.map((q) => q.currency), ['ETH']);
});

test('validateGenericMapping names every problem, including columns the file lacks', () => {
  const check = validateGenericMapping({ bid: 'b', strike: 'K', premiumUnit: 'usd', colour: 'x' }, ['b', 'K', 'a']);
  assert.ok(!check.ok);
  assert.deepEqual(check.problems, [
    "unknown mapping key 'colour' (known: instrument, currency, expiry, strike, type, bid, ask, mark, markIv, underlyingPrice, underlyingName, indexPrice, openInterest, quoteTime, lastTrade, snapshotTime, premiumUnit, defaultCurrency, markIvUnit, zeroMeansNoQuote)",
    "mapping.premiumUnit must be 'coin' or 'quote'",
    'mapping.ask is required',
    "map either 'instrument' or all of 'expiry', 'strike', 'type' (missing: expiry, type)",
    "without 'instrument', map 'currency' or set 'defaultCurrency'",
    "map a 'snapshotTime' column or pass the snapshotTimeMs option",
  ]);
  const missingColumn = validateGenericMapping({ instrument: 'name', bid: 'bid', ask: 'offer', premiumUnit: 'coin' }, ['name', 'bid'], 0);
  assert.ok(!missingColumn.ok);
  assert.deepEqual(missingColumn.problems, [
    "mapping.ask names column 'offer', which the file does not have (it has name, bid)",
  ]);
  assert.deepEqual(validateGenericMapping('nope'), { ok: false, problems: ['the column mapping must be an object'] });
});

test('parseGenericCsv refuses a file the mapping does not fit, with one issue per problem', () => {
  const outcome = parseGenericCsv('a,b\n1,2\n', 'g.csv', byTerms);
  assert.equal(outcome.snapshot, null);
  assert.ok(outcome.issues.length > 5 && outcome.issues.every((i) => i.line === 0 && i.severity === 'error'));
  assert.match(formatIssue(outcome.issues[0]!), /^g\.csv: mapping\.currency names column 'asset', which the file does not have \(it has a, b\)$/);
});

test('parseGenericCsv with an instrument column reads SPX_all.csv exactly as the Yahoo reader does', { skip }, () => {
  const text = readSharedText('spx_yahoo_vivekrao/SPX_all.csv.gz');
  const snapshotTimeMs = Date.UTC(2026, 0, 30, 21, 15);
  const mapping: GenericMapping = {
    instrument: 'contractSymbol',
    strike: 'strike',
    bid: 'bid',
    ask: 'ask',
    openInterest: 'openInterest',
    lastTrade: 'lastTradeDate',
    premiumUnit: 'quote',
    zeroMeansNoQuote: true,
  };
  const generic = parseGenericCsv(text, 'SPX_all.csv', mapping, { snapshotTimeMs });
  const yahoo = parseYahooOptionChainCsv(text, 'SPX_all.csv', { snapshotTimeMs });
  assert.deepEqual(generic.issues, []);
  assert.equal(generic.snapshot?.quotes.length, 17107);
  assert.deepEqual(generic.snapshot.quotes, yahoo.snapshot?.quotes);
});

test('parseGenericCsv reads a Deribit book summary exactly as its own reader does', { skip }, () => {
  const file = 'btc_book_summary_20240312T0557Z_ow1display.csv';
  const text = readSharedText(`deribit_book_summary_2024/${file}`);
  const mapping: GenericMapping = {
    instrument: 'instrument_name',
    bid: 'bid_price',
    ask: 'ask_price',
    mark: 'mark_price',
    markIv: 'mark_iv',
    markIvUnit: 'percent',
    underlyingPrice: 'underlying_price',
    underlyingName: 'underlying_index',
    indexPrice: 'estimated_delivery_price',
    openInterest: 'open_interest',
    quoteTime: 'creation_timestamp',
    snapshotTime: 'creation_timestamp',
    premiumUnit: 'coin',
  };
  const generic = parseGenericCsv(text, file, mapping);
  const own = parseDeribitBookSummaryCsv(text, file);
  assert.deepEqual(generic.issues, []);
  assert.equal(generic.snapshot?.snapshotTimeMs, own.snapshot?.snapshotTimeMs);
  assert.deepEqual(generic.snapshot?.quotes, own.snapshot?.quotes);
});
