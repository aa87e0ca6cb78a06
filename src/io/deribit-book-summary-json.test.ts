import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { elementLines, parseDeribitBookSummaryJson } from './deribit-book-summary-json.ts';
import { formatIssue } from './read-issue.ts';

const fixturePath = new URL('../../testdata/io/deribit-book-summary-btc.json', import.meta.url);
const fixture = readFileSync(fixturePath, 'utf8');

test('parseDeribitBookSummaryJson reads the JSON-RPC envelope: 4 options and the perpetual', () => {
  const outcome = parseDeribitBookSummaryJson(fixture, 'fixture.json');
  assert.deepEqual(outcome.issues, []);
  const snapshot = outcome.snapshot;
  assert.ok(snapshot !== null);
  assert.equal(snapshot.format, 'deribit-book-summary-json');
  assert.equal(snapshot.snapshotTimeMs, 1741161600136); // usOut in µs
  assert.deepEqual(
    snapshot.quotes.map((q) => [q.instrument, q.source.line, q.bid, q.ask, q.underlyingKind]),
    [
      ['BTC-28MAR25-66000-C', 4, 0.041, 0.042, 'synthetic'],
      ['BTC-28MAR25-62000-P', 26, null, 0.0725, 'synthetic'],
      ['BTC-27JUN25-65000-C', 48, 0.104, 0.105, 'future'],
      ['BTC-27JUN25-30000-P', 70, 0.0003, null, 'future'],
    ],
  );
  assert.deepEqual(snapshot.quotes[0], {
    instrument: 'BTC-28MAR25-66000-C',
    currency: 'BTC',
    expiryMs: Date.UTC(2025, 2, 28, 8),
    strike: 66000,
    type: 'call',
    premiumUnit: 'coin',
    bid: 0.041,
    ask: 0.042,
    mark: 0.04166,
    markIv: 0.5231,
    underlyingPrice: 64480.25,
    underlyingName: 'SYN.BTC-28MAR25',
    underlyingKind: 'synthetic',
    indexPrice: 64210.77,
    quoteTimeMs: 1741161600123,
    lastTradeMs: null,
    openInterest: 412.3,
    source: { file: 'fixture.json', line: 4 },
  });
  assert.deepEqual(snapshot.futures, [
    { instrument: 'BTC-PERPETUAL', currency: 'BTC', expiryMs: null, price: 64233.51, source: { file: 'fixture.json', line: 92 } },
  ]);
  assert.equal(outcome.rowsRead, 5);
});

test('parseDeribitBookSummaryJson reads a bare result array, timed by the latest creation_timestamp', () => {
  const body = (JSON.parse(fixture) as { result: unknown[] }).result.slice(0, 3);
  const outcome = parseDeribitBookSummaryJson(JSON.stringify(body), 'bare.json');
  assert.equal(outcome.snapshot?.quotes.length, 3);
  assert.equal(outcome.snapshot.snapshotTimeMs, 1741161600127);
  assert.deepEqual(outcome.snapshot.quotes.map((q) => q.source.line), [1, 1, 1]); // one line of JSON
});

test('parseDeribitBookSummaryJson reports bad elements at the line where they start, by field name', () => {
  const items = [
    { instrument_name: 'BTC-28MAR25-66000-C', creation_timestamp: 1741161600123, underlying_price: 64480.25, underlying_index: 'SYN.BTC-28MAR25', bid_price: 0.04, ask_price: 0.05, mark_price: 0.045 },
    { instrument_name: 'BTC-28MAR25-67000-C', creation_timestamp: 1741161600123, underlying_price: 64480.25, underlying_index: 'SYN.BTC-28MAR25', bid_price: 'lots', ask_price: null, mark_price: 0.04 },
    42,
    { instrument_name: 'BTC-28MAR25-68000-C', creation_timestamp: 1741161600123, underlying_price: -5, underlying_index: 'SYN.BTC-28MAR25', bid_price: null, ask_price: null, mark_price: 0.03 },
    { instrument_name: 'BTC-28MAR25-69000-C', creation_timestamp: 1741161600123, underlying_price: 64480.25, underlying_index: 'SYN.BTC-28MAR25', bid_price: '0.02', ask_price: 'HUGE', mark_price: { x: 1 } },
    { creation_timestamp: 1741161600123 },
  ];
  const text = `{"jsonrpc":"2.0","result":[\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]}`.replace('"HUGE"', '1e400');
  const outcome = parseDeribitBookSummaryJson(text, 'api.json');
  assert.deepEqual(
    outcome.issues.map((i) => [i.line, i.column]),
    [
      [3, 'bid_price'],
      [4, ''],
      [5, 'underlying_price'],
      [6, 'ask_price'],
      [6, 'mark_price'],
      [7, 'instrument_name'],
    ],
  );
  assert.equal(formatIssue(outcome.issues[0]!), "api.json:3: column 'bid_price': not a number (value 'lots')");
  assert.equal(formatIssue(outcome.issues[3]!), "api.json:6: column 'ask_price': not a finite number (value 'Infinity')");
  assert.deepEqual(outcome.snapshot?.quotes.map((q) => q.source.line), [2]);
  assert.equal(outcome.rowsRead, 6);
  assert.equal(outcome.rowsRejected, 5);
});

test('parseDeribitBookSummaryJson turns broken JSON, RPC errors and other shapes into one whole-file issue', () => {
  const cut = parseDeribitBookSummaryJson(fixture.slice(0, 500), 'cut.json');
  assert.equal(cut.snapshot, null);
  assert.match(formatIssue(cut.issues[0]!), /^cut\.json: not valid JSON: /);
  const rpcError = parseDeribitBookSummaryJson('{"jsonrpc":"2.0","error":{"code":10009,"message":"invalid_currency"}}', 'e.json');
  assert.match(rpcError.issues[0]?.reason ?? '', /JSON-RPC error: .*invalid_currency/);
  const other = parseDeribitBookSummaryJson('{"data":[]}', 'o.json');
  assert.match(other.issues[0]?.reason ?? '', /not a book summary/);
  const empty = parseDeribitBookSummaryJson('{"result":[]}', 'z.json');
  assert.match(empty.issues[0]?.reason ?? '', /no data rows/);
});

test('elementLines finds where each element of the result array starts, ignoring brackets in strings', () => {
  assert.deepEqual(elementLines('[\n{"a":"[{"},\n\n  {"b":[1,\n2]}, 3\n]'), [2, 4, 5]);
  assert.deepEqual(elementLines('{"x":[1,2],\n"result":\n[ {"k":"\\"]"},\n{}]}'), [3, 4]);
  assert.deepEqual(elementLines('[]'), []);
});
