import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeribitBookSummaryCsv } from './deribit-book-summary-csv.ts';
import { csvLine } from './csv-line-for-tests.ts';
import { formatIssue } from './read-issue.ts';
import { readSharedText, sharedDataAvailable } from './shared-data-for-tests.ts';

const skip = !sharedDataAvailable;
const dir = 'deribit_book_summary_2024/';

// Expected values from shared/data/README.md §3.
const cases = [
  {
    file: 'btc_book_summary_20240312T0557Z_ow1display.csv',
    currency: 'BTC',
    options: 1198,
    expiries: 12,
    twoSided: 767,
    created: Date.UTC(2024, 2, 12, 5, 57, 12),
    index: 72011.29,
    hasMarkIv: true,
  },
  {
    file: 'eth_book_summary_20240108T1119Z_definer.csv',
    currency: 'ETH',
    options: 684,
    expiries: 11,
    twoSided: 408,
    created: Date.UTC(2024, 0, 8, 11, 19, 41),
    index: 2222.19,
    hasMarkIv: false,
  },
];

for (const c of cases) {
  test(`parseDeribitBookSummaryCsv reads ${c.file}: ${c.options} options, ${c.expiries} expiries, ${c.twoSided} two-sided`, { skip }, () => {
    const outcome = parseDeribitBookSummaryCsv(readSharedText(dir + c.file), c.file);
    assert.deepEqual(outcome.issues.map(formatIssue), []);
    const snapshot = outcome.snapshot;
    assert.ok(snapshot !== null);
    const quotes = snapshot.quotes;
    assert.equal(quotes.length, c.options);
    assert.equal(outcome.rowsRead, c.options);
    assert.equal(new Set(quotes.map((q) => q.expiryMs)).size, c.expiries);
    assert.equal(quotes.filter((q) => q.bid !== null && q.ask !== null).length, c.twoSided);
    assert.equal(quotes.filter((q) => q.bid !== null && q.ask !== null && q.bid > q.ask).length, 0);
    assert.equal(Math.floor(snapshot.snapshotTimeMs / 1000) * 1000, c.created);
    assert.ok(quotes.every((q) => q.currency === c.currency && q.premiumUnit === 'coin' && q.indexPrice === c.index));
    assert.ok(quotes.every((q) => q.underlyingKind === 'future' || q.underlyingKind === 'synthetic'));
    assert.ok(quotes.every((q) => q.quoteTimeMs !== null && Math.abs(q.quoteTimeMs - c.created) < 1000));
    assert.equal(quotes.every((q) => q.markIv !== null), c.hasMarkIv);
    if (!c.hasMarkIv) assert.ok(quotes.every((q) => q.markIv === null));
    assert.deepEqual(snapshot.futures, []);
  });
}

test('parseDeribitBookSummaryCsv reads mark_iv in percent as a decimal', { skip }, () => {
  const file = cases[0]!.file;
  const first = parseDeribitBookSummaryCsv(readSharedText(dir + file), file).snapshot?.quotes[0];
  assert.equal(first?.instrument, 'BTC-14MAR24-72250-C');
  assert.equal(first.markIv, 0.4);
  assert.equal(first.bid, null);
  assert.equal(first.ask, 0.07);
});

const header =
  ',mid_price,estimated_delivery_price,volume_usd,quote_currency,creation_timestamp,base_currency,interest_rate,volume,underlying_index,underlying_price,price_change,mark_price,open_interest,ask_price,bid_price,instrument_name,last,low,high,currency,expire_date,strike_price,option_type';
function row(i: number, instrument: string, changes: Record<string, string> = {}): string {
  const [, expiry = '', strike = '', type = ''] = instrument.split('-');
  const values: Record<string, string> = {
    '': String(i),
    estimated_delivery_price: '2222.19',
    quote_currency: 'ETH',
    creation_timestamp: '1704712781414',
    base_currency: 'ETH',
    underlying_index: 'ETH-26JAN24',
    underlying_price: '2241.65',
    mark_price: '0.01',
    open_interest: '5',
    ask_price: '0.011',
    bid_price: '0.009',
    instrument_name: instrument,
    currency: 'ETH',
    expire_date: expiry,
    strike_price: strike,
    option_type: type,
    ...changes,
  };
  return csvLine(header, values);
}

test('parseDeribitBookSummaryCsv checks the optional columns against the name and reports each bad row', () => {
  const text = [
    header,
    row(0, 'ETH-26JAN24-2200-C'), //                                    2 good
    row(1, 'ETH-26JAN24-2300-C', { expire_date: '23FEB24' }), //         3
    row(2, 'ETH-26JAN24-2400-C', { option_type: 'X' }), //               4
    row(3, 'ETH-26JAN24-2500-C', { strike_price: '2600' }), //           5
    row(4, 'ETH-26JAN24-2600-C', { creation_timestamp: '1704712781' }), // 6 seconds
    row(5, 'ETH-26JAN24-2700-C', { creation_timestamp: '' }), //         7
    row(6, 'ETH-26JAN24-2800-C', { bid_price: '-1' }), //                8
    row(7, 'ETH-FS-26JAN24_PERP', { expire_date: '', strike_price: '', option_type: '' }), // 9 combo
    row(8, 'ETH-PERPETUAL', { mark_price: '2230.5', expire_date: '', strike_price: '', option_type: '' }), // 10 future
    row(9, 'ETH-26JAN24-2900-P', { base_currency: 'BTC' }), //          11
    row(10, 'ETH-26JAN24-3000-P', { bid_price: '', ask_price: '' }), //  12 no quote: fine
  ].join('\r\n');
  const outcome = parseDeribitBookSummaryCsv(text, 'eth.csv');
  assert.deepEqual(
    outcome.issues.map((i) => [i.line, i.column]),
    [
      [3, 'expire_date'],
      [4, 'option_type'],
      [5, 'strike_price'],
      [6, 'creation_timestamp'],
      [7, 'creation_timestamp'],
      [8, 'bid_price'],
      [9, 'instrument_name'],
      [11, 'base_currency'],
    ],
  );
  assert.match(formatIssue(outcome.issues[3]!), /eth\.csv:6: column 'creation_timestamp': looks like seconds; expected epoch milliseconds/);
  const snapshot = outcome.snapshot;
  assert.ok(snapshot !== null);
  assert.deepEqual(snapshot.quotes.map((q) => q.source.line), [2, 12]);
  assert.deepEqual(snapshot.futures, [
    { instrument: 'ETH-PERPETUAL', currency: 'ETH', expiryMs: null, price: 2230.5, source: { file: 'eth.csv', line: 10 } },
  ]);
  assert.equal(outcome.rowsRead, 11);
  assert.equal(outcome.rowsRead, snapshot.quotes.length + snapshot.futures.length + outcome.rowsRejected);
});
