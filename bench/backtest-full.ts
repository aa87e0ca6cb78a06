/**
 * `npm run bench:backtest`: the issue-5 benchmark — the whole backtest of eSSVI and Heston over every
 * Deribit snapshot in ../shared/data (BTC and ETH, plain and regularised series, the strength validation
 * included), into a fresh SQLite file in a temporary directory, on one worker thread per core. Prints the
 * wall-clock seconds and the calibrations stored. Not in `npm run bench` (it takes over a minute); needs
 * ../shared/data.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHistoryStore } from '../src/store/open-store.ts';
import { listSnapshots } from '../src/app/backtest/list-snapshots.ts';
import { defaultWorkerCount, runBacktest } from '../src/app/backtest/run-backtest.ts';
import { formatFigure } from './harness.ts';

const data = fileURLToPath(new URL('../../shared/data/deribit_znmahbub/snapshots', import.meta.url));
if (!existsSync(data)) {
  console.error(`bench:backtest needs ${data}`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'volcal-bench-'));
try {
  const started = performance.now();
  const { snapshots } = await listSnapshots([data]);
  const store = await openHistoryStore(join(dir, 'history.sqlite'));
  const workers = defaultWorkerCount();
  const outcome = await runBacktest(store, snapshots, {
    source: 'deribit',
    currencies: ['BTC', 'ETH'],
    models: ['essvi', 'heston'],
    strength: 'auto',
    workers,
    volcalVersion: 'bench',
    clock: () => performance.now(),
  });
  await store.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(`backtest.snapshots: ${snapshots.length} snapshots`);
  console.log(`backtest.workers: ${workers} threads`);
  console.log(`backtest.calibrations: ${outcome.inserted} stored (${outcome.failed} failed)`);
  console.log(`backtest.essvi_heston_full: ${formatFigure(seconds)} s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
