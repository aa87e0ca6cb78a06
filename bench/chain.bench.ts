/**
 * How long does it take to go from a snapshot file to resolved slices (forwards, filters, bid/mid/ask
 * implied vols)? On one real Deribit snapshot (both currencies, ~1,800 rows, gzipped) and on volcal's own
 * sample. Reading includes gunzip, CSV parsing and validation; resolving includes three implied vols per
 * kept quote.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readChainBytes } from '../src/io/read-chain.ts';
import { resolveChain } from '../src/core/market/resolve-chain.ts';
import { bestOfSeconds, type Report } from './harness.ts';

const realSnapshot = fileURLToPath(
  new URL('../../shared/data/deribit_znmahbub/snapshots/deribit_options_snapshot_20260205T212937Z.csv.gz', import.meta.url),
);
const sample = fileURLToPath(new URL('../testdata/sample-chain.csv', import.meta.url));

export async function run(report: Report): Promise<void> {
  await Promise.resolve();
  for (const [name, path] of [
    ['chain.deribit_snapshot', realSnapshot],
    ['chain.sample', sample],
  ] as const) {
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    let rows = 0;
    let kept = 0;
    const readSeconds = bestOfSeconds(() => {
      rows = readChainBytes(bytes, path).rowsRead;
    }, 20);
    const snapshot = readChainBytes(bytes, path).snapshot!;
    const resolveSeconds = bestOfSeconds(() => {
      kept = resolveChain(snapshot).reduce((n, c) => n + c.slices.reduce((m, s) => m + s.quotes.length, 0), 0);
    }, 20);
    report(`${name}.rows`, rows, 'rows');
    report(`${name}.read`, readSeconds * 1000, 'ms');
    report(`${name}.resolve`, resolveSeconds * 1000, 'ms');
    report(`${name}.kept`, kept, 'quotes');
  }
}
