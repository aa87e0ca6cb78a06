import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { ChainFormat } from '../core/market/option-quote.ts';
import { readChainBytes, readChainFile } from './read-chain.ts';
import { formatIssue } from './read-issue.ts';
import { readSharedText, sharedDataAvailable, sharedDataDir, sharedDataPath, snapshotIndex } from './shared-data-for-tests.ts';

const skip = !sharedDataAvailable;
const fixture = fileURLToPath(new URL('../../testdata/io/deribit-book-summary-btc.json', import.meta.url));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** What each shared-data file is (README): an option-chain format, or the start of the not-a-chain message. */
function expectedKind(name: string): ChainFormat | RegExp {
  if (name.startsWith('deribit_znmahbub/snapshots/')) return 'deribit-snapshot-csv';
  if (name.startsWith('deribit_book_summary_2024/')) return 'deribit-book-summary-csv';
  if (/deribit_schepal_2020\/.*options_data/.test(name)) return 'deribit-ticker-csv';
  if (name === 'spx_yahoo_vivekrao/SPX_all.csv.gz') return 'yahoo-option-chain-csv';
  if (name.endsWith('btc_hist_vol.csv')) return /^not an option chain: looks like a historical-volatility series \(columns date, btc_hist_vol\)$/;
  if (name.endsWith('term_futures_marks.csv.gz')) return /^not an option chain: looks like dated-futures marks/;
  if (name.endsWith('perpetual_futures_prices.csv.gz')) return /^not an option chain: looks like perpetual-futures prices/;
  if (name.endsWith('snapshots_index.csv')) return /^not an option chain: looks like an index of snapshot files/;
  if (name.endsWith('-1h.csv.gz')) return /^not an option chain: looks like an intraday price history \(columns Unix, Date, /;
  if (name.startsWith('prices_')) return /^not an option chain: looks like a daily price history \(columns (Date|Price), /;
  if (name.endsWith('dvol_btc.json')) return /^not an option chain: looks like a time series of \[timestamp, value, …\] arrays \(1102 points/;
  if (name === 'README.md') return /^not an option chain: neither CSV nor JSON/;
  return /unexpected file/;
}

test('readChainFile reads every file in shared/data: chains clean, everything else one clear issue', { skip }, async () => {
  const index = snapshotIndex();
  const files = listFiles(sharedDataDir);
  assert.ok(files.length >= 284, `${files.length} files`);
  const formats = new Map<string, number>();
  for (const path of files) {
    const name = relative(sharedDataDir, path);
    const expected = expectedKind(name);
    const outcome = await readChainFile(path);
    if (typeof expected === 'string') {
      const errors = outcome.issues.filter((i) => i.severity === 'error').map(formatIssue);
      assert.deepEqual(errors, [], name);
      assert.equal(outcome.snapshot?.format, expected, name);
      assert.equal(outcome.rowsRejected, 0, name);
      assert.equal(outcome.rowsRead, outcome.snapshot.quotes.length + outcome.snapshot.futures.length, name);
      formats.set(expected, (formats.get(expected) ?? 0) + 1);
      const counts = index.get(basename(name));
      if (counts !== undefined) {
        const btc = outcome.snapshot.quotes.filter((q) => q.currency === 'BTC').length;
        assert.deepEqual([btc, outcome.snapshot.quotes.length - btc], [Number(counts.rows_btc), Number(counts.rows_eth)], name);
      }
    } else {
      assert.equal(outcome.snapshot, null, name);
      assert.equal(outcome.issues.length, 1, name);
      const [issue] = outcome.issues;
      assert.deepEqual([issue?.line, issue?.severity], [0, 'error'], name);
      assert.match(issue?.reason ?? '', expected, name);
    }
  }
  assert.deepEqual(Object.fromEntries(formats), {
    'deribit-book-summary-csv': 2,
    'deribit-snapshot-csv': 268,
    'deribit-ticker-csv': 2,
    'yahoo-option-chain-csv': 1,
  });
});

test('readChainFile finds the book-summary JSON fixture by its shape', async () => {
  const outcome = await readChainFile(fixture);
  assert.equal(outcome.snapshot?.format, 'deribit-book-summary-json');
  assert.equal(outcome.snapshot.quotes.length, 4);
});

test('readChainBytes gunzips on the magic bytes, not the name, and drops a BOM', { skip }, () => {
  const text = readSharedText('deribit_book_summary_2024/eth_book_summary_20240108T1119Z_definer.csv');
  const gzipped = readChainBytes(gzipSync(Buffer.from(text)), 'summary.csv');
  assert.equal(gzipped.snapshot?.quotes.length, 684);
  const plainNamedGz = readChainBytes(Buffer.from(text), 'summary.csv.gz');
  assert.equal(plainNamedGz.snapshot?.quotes.length, 684);
  const withBom = readChainBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'bom.csv');
  assert.equal(withBom.snapshot?.quotes.length, 684);
  assert.deepEqual(withBom.issues, []);
});

test('readChainBytes reports a truncated gzip and binary data as whole-file issues', { skip }, () => {
  const bytes = readFileSync(sharedDataPath('deribit_znmahbub/term_futures_marks.csv.gz'));
  const cut = readChainBytes(bytes.subarray(0, 5000), 'cut.csv.gz');
  assert.equal(cut.snapshot, null);
  assert.match(formatIssue(cut.issues[0]!), /^cut\.csv\.gz: gzip data is truncated or corrupt: unexpected end of file$/);
  const binary = readChainBytes(Uint8Array.from({ length: 256 }, (_, i) => i), 'blob.bin');
  assert.equal(binary.issues[0]?.reason, 'not an option chain: binary data, not text');
  assert.equal(readChainBytes(new Uint8Array(0), 'empty.csv').issues[0]?.reason, 'not an option chain: the file is empty');
});

test('readChainFile reports a missing file or a directory instead of throwing', async () => {
  const missing = await readChainFile('/nonexistent/chain.csv');
  assert.equal(missing.snapshot, null);
  assert.match(formatIssue(missing.issues[0]!), /^\/nonexistent\/chain\.csv: cannot read the file: ENOENT/);
  const directory = await readChainFile(tmpdir());
  assert.match(directory.issues[0]?.reason ?? '', /cannot read the file: EISDIR/);
});

test('readChainFile: format forces the reader, strict fails on a bad row', { skip }, async () => {
  const path = sharedDataPath('deribit_schepal_2020/btc_options_data_20200514.csv');
  const forced = await readChainFile(path, { format: 'deribit-snapshot-csv' });
  assert.equal(forced.snapshot, null);
  assert.match(forced.issues[0]?.reason ?? '', /^not a Deribit snapshot CSV: missing columns 'underlying', 'underlying_name'/);

  const dir = mkdtempSync(join(tmpdir(), 'volcal-read-chain-'));
  try {
    const lines = readSharedText('deribit_schepal_2020/btc_options_data_20200514.csv').split('\n');
    lines[5] = (lines[5] ?? '').replace(',put,', ',putt,').replace(',call,', ',calll,');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, lines.join('\n'));
    const lenient = await readChainFile(bad);
    assert.equal(lenient.snapshot?.quotes.length, 309);
    assert.deepEqual(lenient.issues.map((i) => [i.line, i.column]), [[6, 'option_type']]);
    const strict = await readChainFile(bad, { strict: true });
    assert.equal(strict.snapshot, null);
    assert.match(strict.issues[0]?.reason ?? '', /^strict mode: 1 error; the first is .*bad\.csv:6: column 'option_type'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readChainFile reads a generic CSV through a mapping file, and reports a bad mapping file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'volcal-read-chain-'));
  try {
    const data = join(dir, 'quotes.csv');
    writeFileSync(data, 'name,b,a\nETH-27MAR26-3000-C,0.05,0.06\nETH-27MAR26-2500-P,,0.01\n');
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ instrument: 'name', bid: 'b', ask: 'a', premiumUnit: 'coin' }));
    const snapshotTimeMs = Date.UTC(2026, 2, 1);
    const outcome = await readChainFile(data, { mappingFile: mapping, snapshotTimeMs });
    assert.deepEqual(outcome.issues, []);
    assert.equal(outcome.snapshot?.format, 'generic-csv');
    assert.deepEqual(outcome.snapshot.quotes.map((q) => [q.instrument, q.bid, q.ask]), [
      ['ETH-27MAR26-3000-C', 0.05, 0.06],
      ['ETH-27MAR26-2500-P', null, 0.01],
    ]);

    writeFileSync(mapping, '{"instrument": "name", ');
    const broken = await readChainFile(data, { mappingFile: mapping, snapshotTimeMs });
    assert.match(formatIssue(broken.issues[0]!), /mapping\.json: the column mapping is not valid JSON/);
    writeFileSync(mapping, '{"instrument": "name", "bid": "b"}');
    const incomplete = await readChainFile(data, { mappingFile: mapping, snapshotTimeMs });
    assert.deepEqual(incomplete.issues.map((i) => i.reason), ["mapping.premiumUnit must be 'coin' or 'quote'", 'mapping.ask is required']);
    const unmapped = await readChainFile(data);
    assert.match(unmapped.issues[0]?.reason ?? '', /^not an option chain: unrecognised columns \(columns name, b, a\); for a CSV in another layout give a column mapping/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
