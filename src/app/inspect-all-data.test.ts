/**
 * `volcal inspect` must run cleanly on every file in ../shared/data: no crash, every row accounted for
 * (kept, dropped with a reason, or rejected by the reader with an issue), and no non-finite number in the
 * report. Reads the real data in place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readChainFile } from '../io/read-chain.ts';
import { buildInspectReport } from './inspect-report.ts';

const dataDir = fileURLToPath(new URL('../../../shared/data', import.meta.url));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : e.name === 'README.md' ? [] : [join(dir, e.name)],
  );
}

/** Walks a JSON-like value and returns the paths of numbers that are not finite. */
function nonFinite(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

test('inspect reads every file in ../shared/data without a crash and accounts for every row', { skip: !existsSync(dataDir) }, async () => {
  const files = listFiles(dataDir);
  assert.ok(files.length >= 280, `${files.length} files`);
  let chains = 0;
  let quotes = 0;
  for (const file of files) {
    const name = relative(dataDir, file);
    const outcome = await readChainFile(file);
    const report = buildInspectReport(name, outcome);
    assert.deepEqual(nonFinite(report), [], name);
    if (outcome.snapshot === null) {
      assert.ok(outcome.issues.length > 0 && outcome.issues[0]!.line === 0, `${name}: a non-chain must say why at file level`);
      continue;
    }
    chains++;
    let total = 0;
    for (const c of report.currencies) {
      for (const e of c.expiries) {
        const dropped = Object.values(e.dropped).reduce((a, b) => a + b, 0);
        assert.equal(e.quotesKept + dropped, e.quotesTotal, `${name} ${c.currency} ${e.expiry}`);
        total += e.quotesTotal;
      }
    }
    assert.equal(total, outcome.snapshot.quotes.length, name);
    assert.equal(total + outcome.snapshot.futures.length + outcome.rowsRejected, outcome.rowsRead, `${name}: row accounting`);
    quotes += total;
  }
  assert.ok(chains >= 273, `${chains} option chains`); // 268 snapshots, 2 ticker dumps, 2 book summaries, SPX
  assert.ok(quotes > 440_000, `${quotes} quotes`);
});
