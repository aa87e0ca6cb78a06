import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeribitTickerCsv } from './deribit-ticker-csv.ts';
import { csvLine } from './csv-line-for-tests.ts';
import { formatIssue } from './read-issue.ts';
import { readSharedText, sharedDataAvailable } from './shared-data-for-tests.ts';

const skip = !sharedDataAvailable;

// Expected values from shared/data/README.md §2.
const cases = [
  {
    file: 'btc_options_data_20200514.csv',
    rows: 310,
    twoSided: 259,
    first: Date.UTC(2020, 4, 14, 5, 41, 36),
    last: Date.UTC(2020, 4, 14, 5, 44, 6),
    index: [9344, 9354], // min and max, rounded
    expiries: [Date.UTC(2020, 4, 14, 8), Date.UTC(2020, 11, 25, 8)],
  },
  {
    file: 'options_data_20200521.csv',
    rows: 326,
    twoSided: 228,
    first: Date.UTC(2020, 4, 21, 23, 19, 53),
    last: Date.UTC(2020, 4, 21, 23, 22, 35),
    index: [9082, 9096], // min and max, rounded
    expiries: [Date.UTC(2020, 4, 22, 8), Date.UTC(2020, 11, 25, 8)],
  },
];

for (const c of cases) {
  test(`parseDeribitTickerCsv reads ${c.file}: ${c.rows} rows, ${c.twoSided} two-sided, 7 expiries`, { skip }, () => {
    const outcome = parseDeribitTickerCsv(readSharedText(`deribit_schepal_2020/${c.file}`), c.file);
    assert.deepEqual(outcome.issues.map(formatIssue), []);
    const snapshot = outcome.snapshot;
    assert.ok(snapshot !== null);
    const quotes = snapshot.quotes;
    assert.equal(quotes.length, c.rows);
    assert.equal(quotes.filter((q) => q.bid !== null && q.ask !== null).length, c.twoSided);
    const expiries = [...new Set(quotes.map((q) => q.expiryMs))].sort((a, b) => a - b);
    assert.equal(expiries.length, 7);
    assert.deepEqual([expiries[0], expiries.at(-1)], c.expiries);
    const times = quotes.map((q) => q.quoteTimeMs ?? NaN);
    assert.equal(Math.floor(Math.min(...times) / 1000) * 1000, c.first);
    assert.equal(Math.floor(Math.max(...times) / 1000) * 1000, c.last);
    assert.equal(snapshot.snapshotTimeMs, Math.max(...times));
    const index = quotes.map((q) => q.indexPrice ?? NaN);
    assert.deepEqual([Math.round(Math.min(...index)), Math.round(Math.max(...index))], c.index);
    assert.ok(quotes.every((q) => q.bid !== 0 && q.ask !== 0), 'a 0 best price means no quote');
    assert.ok(quotes.every((q) => q.markIv !== null && q.markIv > 0.05 && q.markIv < 5), 'mark_iv % read as decimal');
    assert.ok(quotes.every((q) => q.premiumUnit === 'coin' && q.currency === 'BTC'));
  });
}

const header =
  ',expiration_timestamp,option_type,instrument_name,strike,underlying_price,underlying_index,timestamp,stats,state,settlement_price,open_interest,min_price,max_price,mark_price,mark_iv,last_price,interest_rate,index_price,greeks,estimated_delivery_price,change_id,bids,bid_iv,best_bid_price,best_bid_amount,best_ask_price,best_ask_amount,asks,ask_iv';
function row(i: number, strike: number, changes: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    '': String(i),
    expiration_timestamp: '1590134400000',
    option_type: 'put',
    instrument_name: `BTC-22MAY20-${strike}-P`,
    strike: `${strike}.0`,
    underlying_price: '9352.58',
    underlying_index: 'SYN.BTC-22MAY20',
    timestamp: String(1589434896486 + i),
    stats: `"{'volume': 30.5, 'price_change': -33.5616, 'low': 0.0425, 'high': 0.073}"`,
    state: 'open',
    open_interest: '139.3',
    mark_price: '0.04',
    mark_iv: '76.87',
    index_price: '9350.67',
    greeks: `"{'vega': 5.49, 'delta': -0.43}"`,
    bids: '"[[0.042, 15.5], [0.0405, 8.2]]"',
    bid_iv: '80.07',
    best_bid_price: '0.042',
    best_bid_amount: '15.5',
    best_ask_price: '0.045',
    best_ask_amount: '0.5',
    asks: '"[[0.045, 0.5]]"',
    ask_iv: '500.0',
    ...changes,
  };
  return csvLine(header, values);
}

test('parseDeribitTickerCsv: best price 0 is no quote; ask_iv 500 does not matter', () => {
  const outcome = parseDeribitTickerCsv([header, row(0, 9000, { best_bid_price: '0.0', best_bid_amount: '0.0', bids: '[]' })].join('\n'), 't.csv');
  const quote = outcome.snapshot?.quotes[0];
  assert.equal(quote?.bid, null);
  assert.equal(quote.ask, 0.045);
  assert.equal(quote.markIv, 0.7687);
});

test('parseDeribitTickerCsv reports bad rows, including a broken quoted dict, and reads the rest', () => {
  const text = [
    header,
    row(0, 9000), //                                                           2
    row(1, 9100, { expiration_timestamp: '1590739200000' }), //                3 a week later than the name
    row(2, 9200, { stats: `"{'volume': 30.5` }), //                            4 dict cut short
    row(3, 9300), //                                                           5
    row(4, 9400, { best_bid_price: '-0.001' }), //                             6
    row(5, 9500, { timestamp: '' }), //                                        7
    row(6, 9600, { underlying_index: 'btc_usd' }), //                          8 unknown underlying: warning only
  ].join('\n');
  const outcome = parseDeribitTickerCsv(text, 'tick.csv');
  assert.deepEqual(
    outcome.issues.map((i) => [i.line, i.column, i.severity]),
    [
      [3, 'expiration_timestamp', 'error'],
      [4, '', 'error'],
      [6, 'best_bid_price', 'error'],
      [7, 'timestamp', 'error'],
      [8, 'underlying_index', 'warning'],
    ],
  );
  assert.match(formatIssue(outcome.issues[0]!), /disagrees with the instrument name, which gives 2020-05-22T08:00:00.000Z \(value '2020-05-29T08:00:00.000Z'\)/);
  // The cut-short field runs on to the next quote, which opens `greeks`; then `{` cannot follow a closing quote.
  assert.equal(formatIssue(outcome.issues[1]!), "tick.csv:4: unexpected character '{' after the closing quote of field 9");
  const quotes = outcome.snapshot?.quotes ?? [];
  assert.deepEqual(quotes.map((q) => q.source.line), [2, 5, 8]);
  assert.equal(quotes[2]?.underlyingKind, null);
  assert.equal(outcome.rowsRead, 7);
  assert.equal(outcome.rowsRejected, 4);
});
