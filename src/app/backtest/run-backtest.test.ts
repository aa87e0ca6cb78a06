import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../store/sqlite-store.ts';
import type { StoredCalibration } from '../../store/history-store.ts';
import { sharedDataAvailable, sharedDataPath } from '../../io/shared-data-for-tests.ts';
import { listSnapshots } from './list-snapshots.ts';
import { runBacktest, type BacktestOptions } from './run-backtest.ts';

const files = [
  'deribit_options_snapshot_20260102T091809Z.csv.gz',
  'deribit_options_snapshot_20260103T091426Z.csv.gz',
  'deribit_options_snapshot_20260104T091350Z.csv.gz',
  'deribit_options_snapshot_20260105T092511Z.csv.gz',
].map((f) => sharedDataPath(`deribit_znmahbub/snapshots/${f}`));

const options = (workers: number): BacktestOptions => ({
  source: 'deribit',
  currencies: ['BTC', 'ETH'],
  models: ['essvi'],
  strength: 0.1,
  workers,
  volcalVersion: 'test',
  clock: () => performance.now(),
});

/** Everything of a record but the times, which differ run to run. */
function comparable(r: StoredCalibration): unknown {
  const diagnostics = Object.fromEntries(Object.entries(r.diagnostics).filter(([key]) => key !== 'timeMs'));
  return [r.currency, r.model, r.variant, r.snapshotMs, r.ok, r.params, diagnostics, r.state, r.quotesHash];
}

describe('runBacktest on real snapshots', { skip: !sharedDataAvailable }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'volcal-backtest-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(name: string, count: number, workers: number): Promise<{ records: StoredCalibration[]; inserted: number; skipped: number }> {
    const store = await openSqliteStore(join(dir, `${name}.sqlite`));
    try {
      const listing = await listSnapshots(files.slice(0, count));
      const outcome = await runBacktest(store, listing.snapshots, options(workers));
      return { records: await store.list({}), inserted: outcome.inserted, skipped: outcome.skipped };
    } finally {
      await store.close();
    }
  }

  it('gives the same numbers on worker threads as in one thread, and stores every series in time order', async () => {
    const inline = await run('inline', 4, 0);
    const threaded = await run('threaded', 4, 2);
    assert.equal(inline.records.length, 4 * 2 * 2); // snapshots × currencies × (plain, regularised)
    assert.deepEqual(threaded.records.map(comparable), inline.records.map(comparable));
    const later = inline.records.filter((r) => r.variant === 'regularised' && r.currency === 'BTC');
    assert.ok(later.slice(1).every((r) => r.diagnostics.outOfSample !== null), 'every step after the first has out-of-sample scores');
  });

  it('with the strength chosen by validation (auto), gives the same numbers on worker threads as in one thread', async () => {
    const listing = await listSnapshots(files.slice(0, 3));
    const auto = { ...options(0), currencies: ['BTC'], strength: 'auto' as const };
    const results: unknown[][] = [];
    for (const workers of [0, 2]) {
      const store = await openSqliteStore(join(dir, `auto-${workers}.sqlite`));
      try {
        const chosen: number[] = [];
        await runBacktest(store, listing.snapshots, { ...auto, workers, onStrength: (_c, _m, strength) => chosen.push(strength) });
        assert.equal(chosen.length, 1, 'one validation for the one regularised series');
        results.push((await store.list({})).map(comparable));
      } finally {
        await store.close();
      }
    }
    assert.equal(results[0]!.length, 3 * 2);
    assert.deepEqual(results[1], results[0]);
  });

  it('ends with the store\'s error when a write fails, having attempted no write after it', async () => {
    const store = await openSqliteStore(join(dir, 'failing.sqlite'));
    let puts = 0;
    const failing = {
      ...store,
      list: store.list.bind(store),
      put: () => {
        puts++;
        return Promise.reject(new Error('disk full'));
      },
    } as typeof store;
    try {
      const listing = await listSnapshots(files.slice(0, 2));
      await assert.rejects(runBacktest(failing, listing.snapshots, { ...options(0), currencies: ['BTC'] }), /disk full/);
      assert.equal(puts, 1);
    } finally {
      await store.close();
    }
  });

  it('is idempotent: a rerun stores nothing new', async () => {
    const again = await run('inline', 4, 0);
    assert.equal(again.inserted, 0);
    assert.equal(again.skipped, 16);
  });

  it('resumes exactly: a run stopped after two snapshots and continued equals an uninterrupted one', async () => {
    await run('resumed', 2, 0);
    const resumed = await run('resumed', 4, 1);
    assert.equal(resumed.inserted, 8);
    const whole = await run('inline', 4, 0);
    assert.deepEqual(resumed.records.map(comparable), whole.records.map(comparable));
  });

  it('survives kill -9 of the CLI mid-run: after repeated kills and a last run, every calibration is stored once and equals a clean run', { timeout: 120_000 }, async () => {
    const db = join(dir, 'killed.sqlite');
    const main = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
    // The exit promise exists from the spawn on (a child that ends early cannot be missed), and the test
    // runner's own variables are not passed on (the child is a CLI run, not a test file).
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NODE_TEST')));
    const launch = () => {
      const child = spawn(process.execPath, [main, 'backtest', ...files, '--db', db, '--models', 'essvi', '--strength', '0.1', '--workers', '1'], { stdio: 'ignore', env });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));
      return { child, exited };
    };
    for (const delayMs of [900, 1300, 1700, 2100]) {
      const { child, exited } = launch();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      await exited;
    }
    const code = await launch().exited;
    assert.equal(code, 0);
    const store = await openSqliteStore(db);
    const records = await store.list({});
    await store.close();
    const keys = records.map((r) => `${r.currency}|${r.variant}|${r.snapshotMs}`);
    assert.equal(new Set(keys).size, keys.length, 'no duplicates');
    const clean = await run('inline', 4, 0);
    assert.deepEqual(records.map(comparable), clean.records.map(comparable));
  });
});
