/**
 * Seeded fuzzing of every reader. Small seed files (built here, plus the heads of the real files when
 * shared/data is present) are mutated thousands of times: characters flipped, deleted and duplicated,
 * truncation, swapped columns and lines, injected quotes, NaN, Infinity and huge numbers, empty and
 * header-only files, binary garbage, broken gzip. Every outcome must hold the reader contract:
 * no exception; every quote finite and in range; rowsRead = quotes + futures + rejected; and for CSV,
 * every rejected row has an error issue on its own line. A failure prints the seed and the input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createRng, type Rng } from '../core/numerics/random.ts';
import { parseDeribitBookSummaryCsv } from './deribit-book-summary-csv.ts';
import { parseDeribitBookSummaryJson } from './deribit-book-summary-json.ts';
import { parseDeribitSnapshotCsv } from './deribit-snapshot-csv.ts';
import { parseDeribitTickerCsv } from './deribit-ticker-csv.ts';
import { parseGenericCsv, type GenericMapping } from './generic-csv.ts';
import { parseChainText } from './parse-chain.ts';
import { readChainBytes } from './read-chain.ts';
import type { ReadOutcome } from './read-outcome.ts';
import { readSharedText, sharedDataAvailable } from './shared-data-for-tests.ts';
import { parseYahooOptionChainCsv } from './yahoo-option-chain-csv.ts';

const MAPPING: GenericMapping = {
  instrument: 'name',
  expiry: 'expiry',
  bid: 'bid',
  ask: 'ask',
  mark: 'mark',
  underlyingPrice: 'fwd',
  snapshotTime: 'asof',
  premiumUnit: 'coin',
};

interface Seed {
  readonly name: string;
  readonly text: string;
  readonly parse: (text: string, file: string) => ReadOutcome;
  readonly csv: boolean;
}

const built: readonly Seed[] = [
  {
    name: 'snapshot.csv',
    csv: true,
    parse: parseDeribitSnapshotCsv,
    text: [
      'timestamp,instrument_name,underlying,underlying_name,option_type,strike,expiry_datetime,bid_price,ask_price,mark_price,implied_volatility,open_interest,currency,index_price',
      '2026-03-01T09:00:00.5+00:00,BTC-27MAR26-90000-C,91000.5,BTC-27MAR26,call,90000.0,2026-03-27T08:00:00+00:00,0.05,0.055,0.052,0.5,12.5,BTC,90500',
      '2026-03-01T09:00:00.5+00:00,BTC-27MAR26-80000-P,91000.5,BTC-27MAR26,put,80000.0,2026-03-27T08:00:00+00:00,,0.02,0.018,0.55,3,BTC,90500',
      '2026-03-01T09:00:00.5+00:00,ETH-2MAR26-3000-C,3010,index_price,call,3000,2026-03-02T08:00:00+00:00,0.01,,0.011,0.7,0,ETH,3009.5',
    ].join('\n'),
  },
  {
    name: 'ticker.csv',
    csv: true,
    parse: parseDeribitTickerCsv,
    text: [
      ',expiration_timestamp,option_type,instrument_name,strike,underlying_price,underlying_index,timestamp,stats,mark_price,mark_iv,index_price,greeks,bids,best_bid_price,best_ask_price,open_interest,asks,ask_iv',
      `0,1590134400000,put,BTC-22MAY20-9250-P,9250.0,9352.58,SYN.BTC-22MAY20,1589434896486,"{'volume': 30.5, 'low': 0.0425}",0.04,76.87,9350.67,"{'vega': 5.4, 'delta': -0.4}","[[0.042, 15.5], [0.04, 8.2]]",0.042,0.045,139.3,"[[0.045, 0.5]]",85.1`,
      `1,1590134400000,call,BTC-22MAY20-12000-C,12000.0,9352.41,SYN.BTC-22MAY20,1589434897493,"{'volume': 30.4}",0.0057,112.49,9350.12,"{'vega': 2.07}",[],0.0,0.0065,110.6,"[[0.0065, 113.1]]",500.0`,
    ].join('\r\n'),
  },
  {
    name: 'summary.csv',
    csv: true,
    parse: parseDeribitBookSummaryCsv,
    text: [
      ',mid_price,estimated_delivery_price,creation_timestamp,base_currency,underlying_index,underlying_price,mark_price,open_interest,ask_price,bid_price,instrument_name,expire_date,strike_price,option_type,mark_iv',
      '0,0.0007,2222.19,1704712781414,ETH,ETH-26JAN24,2241.65,0.000853,965.0,0.001,0.0004,ETH-26JAN24-1200-P,26JAN24,1200,P,80.5',
      '1,,2222.19,1704712781414,ETH,ETH-12JAN24,2226.35,0.149997,229.0,,,ETH-12JAN24-2550-P,12JAN24,2550,P,',
      '2,,2222.19,1704712781415,ETH,,,2230.5,100,,,ETH-PERPETUAL,,,,',
    ].join('\n'),
  },
  {
    name: 'yahoo.csv',
    csv: true,
    parse: parseYahooOptionChainCsv,
    text: [
      'contractSymbol,lastTradeDate,strike,lastPrice,bid,ask,openInterest,option_type,expiration,currency',
      'SPXW260202C02800000,2026-01-30 16:45:44+00:00,2800.0,4139.54,4122.2,4148.5,3.0,call,2026-02-02,USD',
      'SPX260220P00600000,2025-06-11 17:07:55+00:00,600.0,0.05,0.0,0.05,,put,2026-02-20,USD',
    ].join('\n'),
  },
  {
    name: 'generic.csv',
    csv: true,
    parse: (text, file) => parseGenericCsv(text, file, MAPPING),
    text: [
      'name,expiry,bid,ask,mark,fwd,asof',
      `BTC-27MAR26-90000-C,${Date.UTC(2026, 2, 27, 8)},0.05,0.055,0.052,91000,2026-03-01T09:00:00Z`,
      'SPXW260206P06900000,2026-02-06T21:00:00Z,,12.5,12,,2026-03-01T09:00:00Z',
    ].join('\n'),
  },
  {
    name: 'summary.json',
    csv: false,
    parse: parseDeribitBookSummaryJson,
    text: readFileSync(fileURLToPath(new URL('../../testdata/io/deribit-book-summary-btc.json', import.meta.url)), 'utf8'),
  },
];

/** The first lines of the real files, when the data folder is there. */
function realSeeds(): Seed[] {
  if (!sharedDataAvailable) return [];
  const head = (path: string, lines: number): string => readSharedText(path).split('\n').slice(0, lines).join('\n');
  return [
    { name: 'real-snapshot.csv', csv: true, parse: parseDeribitSnapshotCsv, text: head('deribit_znmahbub/snapshots/deribit_options_snapshot_20260501T104106Z.csv.gz', 8) },
    { name: 'real-ticker.csv', csv: true, parse: parseDeribitTickerCsv, text: head('deribit_schepal_2020/options_data_20200521.csv', 6) },
    { name: 'real-summary.csv', csv: true, parse: parseDeribitBookSummaryCsv, text: head('deribit_book_summary_2024/btc_book_summary_20240312T0557Z_ow1display.csv', 8) },
    { name: 'real-yahoo.csv', csv: true, parse: parseYahooOptionChainCsv, text: head('spx_yahoo_vivekrao/SPX_all.csv.gz', 8) },
  ];
}

const INJECTIONS = ['"', '""', ',', '\n', '\r', 'NaN', 'nan', 'Infinity', '-Infinity', '1e309', '1e308', '-1', '-0', '0', '0x10', ' ', '', '9'.repeat(40), '\u0000', '\uFEFF', 'é', '{', ']', 'null', '1.5.2', '2026-13-45T99:99:99Z'];
const CHARS = ['"', ',', '\n', '\r', '0', '1', '9', '.', '-', 'e', 'E', 'C', 'P', 'x', ' ', ':', '{', '[', '\u0000', '\uFFFD', 'Ω'];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.nextInt(items.length)]!;
}

function mutate(text: string, rng: Rng): string {
  const at = (): number => rng.nextInt(text.length + 1);
  switch (rng.nextInt(11)) {
    case 0: {
      const i = at();
      return text.slice(0, i) + pick(rng, CHARS) + text.slice(i + 1);
    }
    case 1: {
      const i = at();
      return text.slice(0, i) + text.slice(i + 1 + rng.nextInt(20));
    }
    case 2: {
      const i = at();
      return text.slice(0, i) + text.slice(i, i + 1 + rng.nextInt(30)) + text.slice(i);
    }
    case 3:
      return text.slice(0, at());
    case 4: {
      const lines = text.split('\n');
      const k = rng.nextInt(lines.length);
      const fields = (lines[k] ?? '').split(',');
      const a = rng.nextInt(fields.length);
      const b = rng.nextInt(fields.length);
      [fields[a], fields[b]] = [fields[b] ?? '', fields[a] ?? ''];
      lines[k] = fields.join(',');
      return lines.join('\n');
    }
    case 5:
    case 6: {
      // Replace one comma-separated field (or JSON value) with an injected token.
      const lines = text.split('\n');
      const k = rng.nextInt(lines.length);
      const fields = (lines[k] ?? '').split(',');
      fields[rng.nextInt(fields.length)] = pick(rng, INJECTIONS);
      lines[k] = fields.join(',');
      return lines.join('\n');
    }
    case 7: {
      const lines = text.split('\n');
      const a = rng.nextInt(lines.length);
      const b = rng.nextInt(lines.length);
      if (rng.next() < 0.5) [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      else lines.splice(a, 0, lines[b] ?? '');
      return lines.join('\n');
    }
    case 8: {
      const i = at();
      return text.slice(0, i) + pick(rng, INJECTIONS) + text.slice(i);
    }
    case 9:
      return rng.next() < 0.5 ? '' : (text.split('\n')[0] ?? '');
    default:
      return Array.from({ length: rng.nextInt(200) }, () => String.fromCharCode(rng.nextInt(256))).join('');
  }
}

function isNullOr(value: number | null, ok: (x: number) => boolean): boolean {
  return value === null || (Number.isFinite(value) && ok(value));
}

/** The reader contract; returns the broken rule, or null. */
function contractViolation(outcome: ReadOutcome, csv: boolean): string | null {
  for (const issue of outcome.issues) {
    if (!Number.isInteger(issue.line) || issue.line < 0) return `issue line ${issue.line}`;
    if (!['error', 'warning'].includes(issue.severity)) return 'issue severity';
    if (issue.reason === '') return 'empty reason';
  }
  if (!(outcome.rowsRejected >= 0 && outcome.rowsRejected <= outcome.rowsRead)) return 'rowsRejected out of range';
  const snapshot = outcome.snapshot;
  if (snapshot === null) {
    return outcome.issues.some((i) => i.severity === 'error') ? null : 'no snapshot and no error saying why';
  }
  if (!Number.isFinite(snapshot.snapshotTimeMs)) return 'snapshot time not finite';
  for (const q of snapshot.quotes) {
    if (!(Number.isFinite(q.strike) && q.strike > 0)) return `strike ${q.strike}`;
    if (!Number.isFinite(q.expiryMs)) return `expiry ${q.expiryMs}`;
    if (!['call', 'put'].includes(q.type)) return 'type';
    for (const [field, value] of [['bid', q.bid], ['ask', q.ask], ['mark', q.mark], ['markIv', q.markIv], ['openInterest', q.openInterest]] as const) {
      if (!isNullOr(value, (x) => x >= 0)) return `${field} ${String(value)}`;
    }
    for (const [field, value] of [['underlyingPrice', q.underlyingPrice], ['indexPrice', q.indexPrice]] as const) {
      if (!isNullOr(value, (x) => x > 0)) return `${field} ${String(value)}`;
    }
    if (!isNullOr(q.quoteTimeMs, () => true) || !isNullOr(q.lastTradeMs, () => true)) return 'time not finite';
    if (!(q.source.line >= 1)) return `source line ${q.source.line}`;
  }
  for (const f of snapshot.futures) {
    if (!(Number.isFinite(f.price) && f.price > 0)) return `future price ${f.price}`;
    if (!isNullOr(f.expiryMs, () => true)) return 'future expiry';
  }
  if (outcome.rowsRead !== snapshot.quotes.length + snapshot.futures.length + outcome.rowsRejected) return 'row accounting';
  if (csv) {
    const errorLines = new Set(outcome.issues.filter((i) => i.severity === 'error' && i.line > 0).map((i) => i.line));
    if (errorLines.size !== outcome.rowsRejected) return `rejected ${outcome.rowsRejected} rows but errors on ${errorLines.size} lines`;
    if (snapshot.quotes.some((q) => errorLines.has(q.source.line))) return 'a kept quote has an error';
  }
  return null;
}

function check(outcome: ReadOutcome, csv: boolean, context: () => string): void {
  const violation = contractViolation(outcome, csv);
  if (violation !== null) assert.fail(`${violation}\n${context()}`);
}

const ROUNDS = 500;

test(`every reader keeps its contract on ${ROUNDS} mutations of each seed file (seeded)`, () => {
  const seeds = [...built, ...realSeeds()];
  let inputs = 0;
  let snapshots = 0;
  for (const [s, seed] of seeds.entries()) {
    check(seed.parse(seed.text, seed.name), seed.csv, () => `unmutated ${seed.name}`);
    assert.ok(seed.parse(seed.text, seed.name).snapshot !== null, `seed ${seed.name} reads`);
    const rng = createRng(1000 + s);
    for (let round = 0; round < ROUNDS; round++) {
      let text = seed.text;
      const steps = 1 + rng.nextInt(4);
      for (let k = 0; k < steps; k++) text = mutate(text, rng);
      const context = (): string => `seed ${seed.name}, rng ${1000 + s}, round ${round}\n${JSON.stringify(text).slice(0, 3000)}`;
      let outcome: ReadOutcome | undefined;
      try {
        outcome = seed.parse(text, seed.name);
      } catch (error) {
        assert.fail(`threw ${String(error)}\n${context()}`);
      }
      check(outcome, seed.csv, context);
      if (outcome.snapshot !== null) snapshots++;
      // The same input through format detection, and in strict mode.
      check(parseChainText(text, seed.name, seed.name === 'generic.csv' ? { mapping: MAPPING } : {}), false, context);
      const strict = seed.parse(text, seed.name);
      if (strict.issues.some((i) => i.severity === 'error')) {
        const strictOutcome = parseChainText(text, seed.name, { strict: true, ...(seed.name === 'generic.csv' ? { mapping: MAPPING } : {}) });
        assert.equal(strictOutcome.snapshot, null, context());
      }
      inputs++;
    }
  }
  assert.ok(inputs >= 3000, `${inputs} inputs`);
  assert.ok(snapshots > inputs / 4, `most mutations still read something (${snapshots} of ${inputs})`);
});

const JSON_VALUES: readonly unknown[] = [null, 0, -0.5, 1e308, 'x', '', '0.01', '1e400', true, [], {}, [1, 2], { a: 1 }, 1741161600123, 1741161600, 'BTC-28MAR25-1-C', 'BTC-PERPETUAL', 'SYN.BTC-28MAR25', 'index_price'];

/** Structure-aware JSON mutation: values replaced by other types, keys dropped, elements duplicated. */
function mutateJson(document: { result: Record<string, unknown>[]; usOut?: unknown }, rng: Rng): unknown {
  const result = document.result.map((item) => ({ ...item }));
  for (let k = 0; k < 1 + rng.nextInt(4); k++) {
    const item = result[rng.nextInt(result.length)];
    if (item === undefined) continue;
    const keys = Object.keys(item);
    const key = pick(rng, keys);
    const action = rng.nextInt(4);
    if (action === 0) Reflect.deleteProperty(item, key);
    else if (action === 1) result.push({ ...item });
    else item[key] = pick(rng, JSON_VALUES);
  }
  const usOut = rng.next() < 0.2 ? pick(rng, JSON_VALUES) : document.usOut;
  if (rng.next() < 0.2) return result;
  if (rng.next() < 0.05) return { ...document, result: pick(rng, JSON_VALUES) };
  return { ...document, result, usOut };
}

test('the JSON reader keeps its contract on structure-aware mutations (seeded)', () => {
  const seed = built.find((s) => s.name === 'summary.json')!;
  const document = JSON.parse(seed.text) as { result: Record<string, unknown>[]; usOut?: unknown };
  const rng = createRng(77);
  let rejected = 0;
  for (let round = 0; round < 1500; round++) {
    // One element per line, so that every rejected element has an error on its own line.
    const items = mutateJson(document, rng);
    const body = Array.isArray(items) ? items : (items as { result?: unknown }).result;
    const text = Array.isArray(body)
      ? JSON.stringify(items).replace(/\},\{/g, '},\n{').replace(/\[\{/, '[\n{')
      : JSON.stringify(items);
    const outcome = parseDeribitBookSummaryJson(text, 'm.json');
    check(outcome, Array.isArray(body), () => `round ${round}\n${text.slice(0, 3000)}`);
    rejected += outcome.rowsRejected;
  }
  assert.ok(rejected > 500, `${rejected} elements rejected`);
});

test('readers handle 200,000-row files whose rows all differ in time (no argument-spread overflow)', () => {
  const header = built[0]!.text.split('\n')[0]!;
  const lines = [header];
  for (let i = 0; i < 200_000; i++) {
    const time = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    lines.push(`${time},BTC-27MAR26-${1000 + i}-C,91000.5,BTC-27MAR26,call,${1000 + i},2026-03-27T08:00:00Z,0.05,0.055,0.052,0.5,1,BTC,90500`);
  }
  const outcome = parseDeribitSnapshotCsv(lines.join('\n'), 'big.csv');
  assert.equal(outcome.snapshot?.quotes.length, 200_000);
  assert.equal(outcome.snapshot.snapshotTimeMs, Date.UTC(2026, 0, 1) + 199_999_000);
});

test('readChainBytes keeps its contract on corrupted and truncated gzip (seeded)', () => {
  const rng = createRng(31);
  for (const seed of built) {
    const gz = gzipSync(Buffer.from(seed.text));
    for (let round = 0; round < 100; round++) {
      const bytes = Uint8Array.from(gz);
      const cut = rng.next() < 0.5 ? bytes.subarray(0, 2 + rng.nextInt(bytes.length - 2)) : bytes;
      if (cut === bytes) for (let k = 0; k < 1 + rng.nextInt(3); k++) bytes[2 + rng.nextInt(bytes.length - 2)] = rng.nextInt(256);
      let outcome: ReadOutcome | undefined;
      try {
        outcome = readChainBytes(cut, `${seed.name}.gz`, seed.name === 'generic.csv' ? { mapping: MAPPING } : {});
      } catch (error) {
        assert.fail(`threw ${String(error)} on ${seed.name} round ${round}`);
      }
      check(outcome, false, () => `${seed.name}.gz round ${round}`);
    }
  }
});
