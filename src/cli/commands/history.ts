/**
 * `volcal history --db <location> --currency BTC --model essvi [--param rho30d] [--format json]`: the
 * stored calibration series, oldest first. Text: one row per calibration (time, variant, parameters or the
 * one asked for, fit and out-of-sample figures); JSON: one object per stored calibration per line.
 */
import type { CliIo } from '../io.ts';
import { parseCommandArgs } from '../command-args.ts';
import { UsageError } from '../args.ts';
import { openHistoryStore } from '../../store/open-store.ts';
import type { StoredCalibration } from '../../store/history-store.ts';
import { table } from '../format.ts';
import { DEFAULT_DB } from './backtest.ts';

export const historyUsage = `Usage: volcal history --currency <C> --model <M> [options]

Prints the stored calibrations of a series, oldest first.

Options:
  --db <location>        SQLite file or postgres:// URL (default ${DEFAULT_DB})
  --currency <C>         currency (required)
  --model <M>            model (required)
  --variant <name>       plain or regularised (default: both)
  --param <name>         print this parameter only
  --source <name>        data source (default deribit)
  --format text|json     text table (default) or one JSON object per line
`;

export async function historyCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('history', historyUsage, {
    args,
    options: {
      db: { type: 'string', default: DEFAULT_DB },
      currency: { type: 'string' },
      model: { type: 'string' },
      variant: { type: 'string' },
      param: { type: 'string' },
      source: { type: 'string', default: 'deribit' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', default: false },
    },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  try {
    if (values.currency === undefined) throw new UsageError('--currency is required');
    if (values.model === undefined) throw new UsageError('--model is required');
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format '${values.format}' must be text or json`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`volcal history: ${error.message}\n\n${historyUsage}`);
      return 2;
    }
    throw error;
  }
  const store = await openHistoryStore(values.db);
  let records: StoredCalibration[];
  try {
    records = await store.list({
      source: values.source,
      currency: values.currency.toUpperCase(),
      model: values.model,
      ...(values.variant !== undefined ? { variant: values.variant } : {}),
    });
  } finally {
    await store.close();
  }
  if (records.length === 0) {
    io.stderr(`volcal history: no stored calibration of ${values.currency} ${values.model} in ${values.db}\n`);
    return 1;
  }
  const param = values.param;
  if (param !== undefined && !records.some((r) => param in r.params)) {
    const names = [...new Set(records.flatMap((r) => Object.keys(r.params)))].join(', ');
    io.stderr(`volcal history: no parameter '${param}' in this series (it has ${names})\n`);
    return 2;
  }
  if (values.format === 'json') {
    for (const r of records) io.stdout(`${JSON.stringify(jsonOf(r, param))}\n`);
    return 0;
  }
  const names = param !== undefined ? [param] : [...new Set(records.flatMap((r) => Object.keys(r.params)))];
  const rows = [['snapshot (UTC)', 'variant', 'mode', ...names, 'RMSE vp', 'inside', 'OOS vp', 'naive vp']];
  for (const r of records) {
    const stats = r.diagnostics.statistics as { rmseVolPoints?: number; insideSpreadShare?: number } | undefined;
    const oos = r.diagnostics.outOfSample as { residualCorrected?: { rmseVolPoints: number }; naive?: { rmseVolPoints: number } } | null | undefined;
    const policy = r.diagnostics.policy as { mode?: string } | undefined;
    rows.push([
      new Date(r.snapshotMs).toISOString().slice(0, 16).replace('T', ' '),
      r.variant,
      r.ok ? (policy?.mode ?? '') : `failed: ${r.failureReason ?? ''}`,
      ...names.map((n) => (r.params[n] === undefined ? '' : r.params[n].toPrecision(5))),
      stats?.rmseVolPoints === undefined ? '' : stats.rmseVolPoints.toFixed(2),
      stats?.insideSpreadShare === undefined ? '' : `${(100 * stats.insideSpreadShare).toFixed(1)}%`,
      oos?.residualCorrected === undefined ? '' : oos.residualCorrected.rmseVolPoints.toFixed(2),
      oos?.naive === undefined ? '' : oos.naive.rmseVolPoints.toFixed(2),
    ]);
  }
  io.stdout(table(rows, new Set(names.map((_, i) => 3 + i))));
  return 0;
}

function jsonOf(r: StoredCalibration, param: string | undefined): Record<string, unknown> {
  return {
    snapshotTime: new Date(r.snapshotMs).toISOString(),
    snapshotMs: r.snapshotMs,
    source: r.source,
    currency: r.currency,
    model: r.model,
    variant: r.variant,
    ok: r.ok,
    failureReason: r.failureReason,
    params: param !== undefined && param in r.params ? { [param]: r.params[param] } : r.params,
    diagnostics: r.diagnostics,
    solver: r.solver,
    quotesHash: r.quotesHash,
    sourceFile: r.sourceFile,
    volcalVersion: r.volcalVersion,
  };
}
