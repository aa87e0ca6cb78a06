import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../run-command.ts';
import { bufferIo } from '../io.ts';
import { openHistoryStore } from '../../store/open-store.ts';
import type { CalibrationRecord } from '../../store/history-store.ts';
import { sharedDataAvailable, sharedDataPath } from '../../io/shared-data-for-tests.ts';

const files = ['deribit_options_snapshot_20260102T091809Z.csv.gz', 'deribit_options_snapshot_20260103T091426Z.csv.gz'].map((f) =>
  sharedDataPath(`deribit_znmahbub/snapshots/${f}`),
);

/** A stored calibration of a series the run does not touch. */
function other(currency: string, model: string): CalibrationRecord {
  return {
    source: 'deribit', currency, model, variant: 'plain', snapshotMs: Date.UTC(2026, 0, 2, 9), sourceFile: 'elsewhere.csv', quotesHash: '0'.repeat(64),
    ok: true, failureReason: null, params: { a: 1 }, diagnostics: { statistics: { quotes: 10, rmseVolPoints: 9.87, insideSpreadShare: 0.5 } }, solver: {}, state: {}, volcalVersion: 'test',
  };
}

describe('volcal backtest --report', { skip: !sharedDataAvailable }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'volcal-backtest-cli-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the report of the run\'s currencies and models after the run', async () => {
    const db = join(dir, 'history.sqlite');
    const store = await openHistoryStore(db);
    await store.put(other('ETH', 'essvi'));
    await store.put(other('BTC', 'heston'));
    await store.close();
    const report = join(dir, 'report.html');
    const io = bufferIo();
    const code = await runCommand(['backtest', ...files, '--currency', 'BTC', '--models', 'essvi', '--strength', '0.1', '--workers', '0', '--db', db, '--report', report], io);
    assert.equal(code, 0, io.err());
    assert.match(io.out(), /4 calibrations stored .*\nreport of 4 calibrations written to .*report\.html\n$/);
    const html = readFileSync(report, 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(html.includes('<h2>Model selection · BTC</h2>') && !html.includes('Model selection · ETH'));
    // 2 and 3 Jan are calm: rows for all and calm, none for the crash; the other series are left out.
    assert.deepEqual([...html.matchAll(/<td>(all|calm|crash)<\/td><td>(\w+)<\/td><td>(\w+)<\/td><td class="n">(\d+)<\/td>/g)].map((m) => m.slice(1).join(' ')), [
      'all essvi plain 2', 'all essvi regularised 2', 'calm essvi plain 2', 'calm essvi regularised 2',
    ]);
    assert.ok(!html.includes('9.87') && !html.includes('heston'));
  });
});
