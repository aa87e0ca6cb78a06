import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeribitSnapshotCsv } from './deribit-snapshot-csv.ts';
import { csvLine } from './csv-line-for-tests.ts';
import { formatIssue } from './read-issue.ts';
import { readSharedText, sharedDataAvailable, snapshotIndex } from './shared-data-for-tests.ts';

const skip = !sharedDataAvailable;
const dir = 'deribit_znmahbub/snapshots/';

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

// The first file, one from the index_price period (README anomaly), one with SYN.EXPIRY underlyings.
for (const name of [
  'deribit_options_snapshot_20251230T173115Z.csv.gz',
  'deribit_options_snapshot_20260501T104106Z.csv.gz',
  'deribit_options_snapshot_20260604T075825Z.csv.gz',
]) {
  test(`parseDeribitSnapshotCsv reads ${name} with the row counts of snapshots_index.csv`, { skip }, () => {
    const expected = snapshotIndex().get(name);
    assert.ok(expected !== undefined);
    const outcome = parseDeribitSnapshotCsv(readSharedText(dir + name), name);
    assert.deepEqual(outcome.issues.map(formatIssue), []);
    const snapshot = outcome.snapshot;
    assert.ok(snapshot !== null);
    const quotes = snapshot.quotes;
    assert.equal(outcome.rowsRejected, 0);
    assert.equal(outcome.rowsRead, quotes.length);
    assert.deepEqual(countBy(quotes, (q) => q.currency), { BTC: Number(expected.rows_btc), ETH: Number(expected.rows_eth) });
    const twoSided = countBy(quotes.filter((q) => q.bid !== null && q.ask !== null), (q) => q.currency);
    assert.deepEqual(twoSided, { BTC: Number(expected.two_sided_btc), ETH: Number(expected.two_sided_eth) });
    assert.equal(quotes.filter((q) => q.bid === null && q.ask === null).length, Number(expected.no_quote_rows));
    assert.equal(Math.floor(snapshot.snapshotTimeMs / 1000) * 1000, Date.parse(expected.snapshot_utc ?? ''));
    for (const q of quotes) {
      assert.equal(q.premiumUnit, 'coin');
      assert.equal(new Date(q.expiryMs).toISOString().slice(11), '08:00:00.000Z', q.instrument);
      assert.ok(q.underlyingPrice !== null && q.underlyingPrice > 0);
      assert.ok(q.underlyingKind !== null, `${q.instrument}: ${q.underlyingName ?? ''}`);
    }
  });
}

test('parseDeribitSnapshotCsv: from April 2026 the nearest expiries are priced off the index (README anomaly)', { skip }, () => {
  const name = 'deribit_options_snapshot_20260501T104106Z.csv.gz';
  const quotes = parseDeribitSnapshotCsv(readSharedText(dir + name), name).snapshot?.quotes ?? [];
  const byKind = countBy(quotes, (q) => q.underlyingKind ?? 'null');
  assert.ok((byKind.index ?? 0) > 0 && (byKind.future ?? 0) > 0 && (byKind.synthetic ?? 0) > 0, JSON.stringify(byKind));
  const indexed = quotes.find((q) => q.underlyingKind === 'index');
  assert.equal(indexed?.underlyingName, 'index_price');
});

test('parseDeribitSnapshotCsv keeps the values of a row exactly', { skip }, () => {
  const name = 'deribit_options_snapshot_20251230T173115Z.csv.gz';
  const outcome = parseDeribitSnapshotCsv(readSharedText(dir + name), name);
  assert.deepEqual(outcome.snapshot?.quotes[0], {
    instrument: 'BTC-16JAN26-82000-C',
    currency: 'BTC',
    expiryMs: Date.UTC(2026, 0, 16, 8),
    strike: 82000,
    type: 'call',
    premiumUnit: 'coin',
    bid: 0.084,
    ask: 0.088,
    mark: 0.08550357,
    markIv: 0.43229999999999996,
    underlyingPrice: 88728.94666666667,
    underlyingName: 'SYN.BTC-16JAN26',
    underlyingKind: 'synthetic',
    indexPrice: 88530.23,
    quoteTimeMs: null,
    lastTradeMs: null,
    openInterest: 0.3,
    source: { file: name, line: 2 },
  });
  assert.equal(outcome.snapshot.snapshotTimeMs, Date.UTC(2025, 11, 30, 17, 31, 15, 944));
});

// A hand-made file in the snapshot layout: one good row per defect around it.
const header =
  'timestamp,instrument_name,underlying,underlying_name,option_type,strike,expiry_datetime,time_to_maturity,bid_price,ask_price,mark_price,mid_price,futures_price,futures_instrument_name,implied_volatility,delta,vega,open_interest,volume,bid_ask_spread,currency,index_price,volume_usd';
const good: Record<string, string> = {
  timestamp: '2026-03-01T09:00:00+00:00',
  instrument_name: 'BTC-27MAR26-90000-C',
  underlying: '91000.5',
  underlying_name: 'BTC-27MAR26',
  option_type: 'call',
  strike: '90000.0',
  expiry_datetime: '2026-03-27T08:00:00+00:00',
  time_to_maturity: '0.07',
  bid_price: '0.05',
  ask_price: '0.055',
  mark_price: '0.052',
  mid_price: '0.0525',
  futures_price: '91000.5',
  futures_instrument_name: 'BTC-27MAR26',
  implied_volatility: '0.5',
  delta: '0.5',
  vega: '10',
  open_interest: '12.5',
  volume: '1',
  bid_ask_spread: '0.005',
  currency: 'BTC',
  index_price: '90500',
  volume_usd: '100',
};
let strikeSeq = 1000;
function row(changes: Record<string, string> = {}): string {
  strikeSeq += 1000;
  const strike = String(strikeSeq);
  const base = { ...good, instrument_name: `BTC-27MAR26-${strike}-C`, strike };
  const values: Record<string, string> = { ...base, ...changes };
  return csvLine(header, values);
}

test('parseDeribitSnapshotCsv rejects each defective row with file, line, column and reason, and reads the rest', () => {
  const lines = [
    header, //                                                                 line 1
    row(), //                                                                  2 good
    row().split(',').slice(0, 10).join(','), //                                3 too few fields
    row({ strike: 'abc' }), //                                                 4
    row({ bid_price: 'NaN' }), //                                              5
    row({ ask_price: '-0.01' }), //                                            6
    row({ option_type: 'straddle' }), //                                       7
    row({ instrument_name: 'BTC-27XYZ26-5000-C' }), //                         8
    row({ instrument_name: 'BTC-27MAR26-0-C', strike: '0' }), //               9
    row({ mark_price: 'Infinity' }), //                                        10
    row({ bid_price: '0.09', ask_price: '0.01' }), //                          11 bid > ask: kept
    row({ strike: '123' }), //                                                 12 disagrees with name
    row({ expiry_datetime: '2026-03-27 08:00:00' }), //                        13 no zone
    row({ bid_price: '1e308' }), //                                            14
    '', //                                                                     15 blank: not a row
    row({ instrument_name: 'BTC-27MAR26-2000-C', strike: '2000' }), //         16 duplicate of line 2
    row(), //                                                                  17 good
  ];
  const outcome = parseDeribitSnapshotCsv(lines.join('\n'), 'bad.csv');
  const found = outcome.issues.map((i) => [i.line, i.column, i.severity]);
  assert.deepEqual(found, [
    [3, '', 'error'],
    [4, 'strike', 'error'],
    [5, 'bid_price', 'error'],
    [6, 'ask_price', 'error'],
    [7, 'option_type', 'error'],
    [8, 'instrument_name', 'error'],
    [9, 'instrument_name', 'error'],
    [9, 'strike', 'error'],
    [10, 'mark_price', 'error'],
    [12, 'strike', 'error'],
    [13, 'expiry_datetime', 'error'],
    [14, 'bid_price', 'error'],
    [16, 'instrument_name', 'error'],
  ]);
  const messages = outcome.issues.map(formatIssue);
  assert.equal(messages[0], 'bad.csv:3: expected 23 fields as in the header, found 10');
  assert.equal(messages[1], "bad.csv:4: column 'strike': not a number (value 'abc')");
  assert.equal(messages[2], "bad.csv:5: column 'bid_price': not a finite number (value 'NaN')");
  assert.equal(messages[3], "bad.csv:6: column 'ask_price': must not be negative (value '-0.01')");
  assert.match(messages[4] ?? '', /option_type': unknown option type/);
  assert.match(messages[5] ?? '', /instrument_name': unknown month 'XYZ' \(value 'BTC-27XYZ26-5000-C'\)/);
  assert.match(messages[9] ?? '', /strike': disagrees with the instrument name, which gives strike 12000 \(value '123'\)/);
  assert.match(messages[10] ?? '', /expiry_datetime': date-time without a time zone/);
  assert.match(messages[12] ?? '', /duplicate instrument; first listed at line 2/);

  const snapshot = outcome.snapshot;
  assert.ok(snapshot !== null);
  assert.deepEqual(snapshot.quotes.map((q) => q.source.line), [2, 11, 17]);
  assert.equal(outcome.rowsRead, 15); // lines 2–17 but the blank line 15
  assert.equal(outcome.rowsRejected, 12);
  assert.equal(outcome.rowsRead, snapshot.quotes.length + outcome.rowsRejected);
  assert.deepEqual([snapshot.quotes[1]?.bid, snapshot.quotes[1]?.ask], [0.09, 0.01]);
});

test('parseDeribitSnapshotCsv in strict mode fails on the first bad row', () => {
  const outcome = parseDeribitSnapshotCsv([header, row(), row({ strike: 'x' }), row()].join('\n'), 'bad.csv', { strict: true });
  assert.equal(outcome.snapshot, null);
  assert.equal(outcome.issues[0]?.line, 0);
  assert.match(formatIssue(outcome.issues[0]), /^bad\.csv: strict mode: 1 error; the first is bad\.csv:3: column 'strike'/);
  const lenient = parseDeribitSnapshotCsv([header, row(), row()].join('\n'), 'ok.csv', { strict: true });
  assert.equal(lenient.snapshot?.quotes.length, 2);
});

test('parseDeribitSnapshotCsv names missing columns and refuses an empty chain', () => {
  const missing = parseDeribitSnapshotCsv('timestamp,instrument_name\n', 'x.csv');
  assert.equal(missing.snapshot, null);
  assert.match(missing.issues[0]?.reason ?? '', /missing columns 'underlying', 'underlying_name'/);
  const headerOnly = parseDeribitSnapshotCsv(`${header}\n`, 'h.csv');
  assert.equal(headerOnly.snapshot, null);
  assert.match(headerOnly.issues[0]?.reason ?? '', /no data rows/);
  assert.match(parseDeribitSnapshotCsv('', 'e.csv').issues[0]?.reason ?? '', /empty/);
});

test('parseDeribitSnapshotCsv warns when rows disagree on the snapshot time and takes the latest', () => {
  const text = [header, row(), row({ timestamp: '2026-03-01T09:05:00Z' })].join('\n');
  const outcome = parseDeribitSnapshotCsv(text, 't.csv');
  assert.equal(outcome.snapshot?.snapshotTimeMs, Date.UTC(2026, 2, 1, 9, 5));
  assert.deepEqual(outcome.issues.map((i) => [i.line, i.severity]), [[0, 'warning']]);
});
