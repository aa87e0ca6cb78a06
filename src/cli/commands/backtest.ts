/**
 * `volcal backtest <files, directories or globs> --currency BTC,ETH --models essvi,heston [--db file]`:
 * replays snapshots in time order, calibrating every (currency, model) plain and regularised on worker
 * threads, and stores each calibration in the history store (src/app/backtest/run-backtest.ts). Rerunning
 * skips what is stored; a killed run continues where it stopped. `--report <file.html>` then writes the
 * backtest report of the run's series (src/app/backtest/backtest-report-input.ts).
 */
import type { CliIo } from '../io.ts';
import { parseCommandArgs } from '../command-args.ts';
import { UsageError } from '../args.ts';
import { openHistoryStore } from '../../store/open-store.ts';
import type { StoredCalibration } from '../../store/history-store.ts';
import { listSnapshots } from '../../app/backtest/list-snapshots.ts';
import { defaultWorkerCount, runBacktest } from '../../app/backtest/run-backtest.ts';
import { backtestModelNames, isBacktestModelName, type BacktestModelName } from '../../app/backtest/series-models.ts';
import { volcalVersion } from '../run-command.ts';
import { progressLine } from '../progress.ts';
import { backtestReportHtml } from '../../app/backtest/backtest-report-input.ts';
import { writeOutputFile } from '../write-output.ts';

export const DEFAULT_DB = 'volcal-history.sqlite';

export const backtestUsage = `Usage: volcal backtest <files, directories or globs> [options]

Replays option-chain snapshots in time order. For every currency and model it calibrates two series side
by side: 'plain' (warm-started from the last calibration) and 'regularised' (also pulled toward the last
parameters, with a strength chosen by out-of-sample validation on the first 30 snapshots). Each
calibration is stored with its out-of-sample scores on the next snapshot (docs/refinement.md).

Options:
  --currency <list>      currencies, comma-separated (default BTC,ETH)
  --models <list>        ${backtestModelNames.join(', ')} (default essvi,heston)
  --db <location>        SQLite file or postgres:// URL (default ${DEFAULT_DB})
  --strength auto|<λ>|off  regularisation strength (default auto); off: plain series only
  --workers <n>          worker threads (default: one per core)
  --source <name>        name of the data source in the history (default deribit)
  --report <file.html>   at the end, write the HTML report of every stored calibration of the run's
                         currencies and models (as volcal history --report)
`;

export async function backtestCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('backtest', backtestUsage, {
    args,
    allowPositionals: true,
    options: {
      currency: { type: 'string', default: 'BTC,ETH' },
      models: { type: 'string', default: 'essvi,heston' },
      db: { type: 'string', default: DEFAULT_DB },
      strength: { type: 'string', default: 'auto' },
      workers: { type: 'string' },
      source: { type: 'string', default: 'deribit' },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  let models: BacktestModelName[];
  let strength: 'auto' | number | null;
  let workers: number;
  const currencies = values.currency.split(',').map((c) => c.trim().toUpperCase()).filter((c) => c !== '');
  try {
    if (positionals.length === 0) throw new UsageError('expected snapshot files, directories or globs');
    if (currencies.length === 0) throw new UsageError('--currency names no currency');
    models = values.models.split(',').map((m) => m.trim()).filter((m) => m !== '').map((m) => {
      if (!isBacktestModelName(m)) throw new UsageError(`--models: '${m}' must be one of ${backtestModelNames.join(', ')}`);
      return m;
    });
    if (models.length === 0) throw new UsageError('--models names no model');
    strength = values.strength === 'auto' ? 'auto' : values.strength === 'off' ? null : Number(values.strength);
    if (typeof strength === 'number' && !(strength >= 0 && Number.isFinite(strength))) {
      throw new UsageError(`--strength '${values.strength}' must be auto, off or a number ≥ 0`);
    }
    workers = values.workers === undefined ? defaultWorkerCount() : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 0) throw new UsageError(`--workers '${values.workers ?? ''}' must be a whole number ≥ 0`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`volcal backtest: ${error.message}\n\n${backtestUsage}`);
      return 2;
    }
    throw error;
  }
  const listing = await listSnapshots(positionals);
  for (const problem of listing.problems) io.stderr(`volcal backtest: ${problem}\n`);
  if (listing.snapshots.length === 0) {
    io.stderr('volcal backtest: no snapshot to replay\n');
    return 1;
  }
  const store = await openHistoryStore(values.db);
  const started = performance.now();
  const progress = progressLine(io, started);
  try {
    io.stderr(`volcal backtest: ${listing.snapshots.length} snapshots × ${currencies.join(', ')} × ${models.join(', ')} into ${values.db} (${workers} workers)\n`);
    const outcome = await runBacktest(store, listing.snapshots, {
      source: values.source,
      currencies,
      models,
      strength,
      workers,
      volcalVersion,
      clock: () => performance.now(),
      onProgress: progress,
      onStrength: (currency, model, value, how) => {
        io.stderr(`  ${currency} ${model}: regularisation strength ${value} (${how})\n`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    io.stdout(`${outcome.inserted} calibrations stored (${outcome.failed} failed fits kept as failures), ${outcome.skipped} already stored, in ${seconds.toFixed(1)} s\n`);
    if (values.report === undefined) return 0;
    const runModels = new Set<string>(models);
    const records: StoredCalibration[] = [];
    for (const currency of currencies) records.push(...(await store.list({ source: values.source, currency })).filter((r) => runModels.has(r.model)));
    const written = await writeOutputFile(values.report, backtestReportHtml(records, { generatedAtMs: Date.now() }));
    if (!written.ok) {
      io.stderr(`volcal backtest: ${written.reason}\n`);
      return 1;
    }
    io.stdout(`report of ${String(records.length)} calibrations written to ${values.report}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
