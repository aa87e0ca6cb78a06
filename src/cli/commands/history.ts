/**
 * `volcal history --db <location> --currency BTC --model essvi [--param rho30d] [--format json]`: the
 * stored calibration series, oldest first. Text: one row per calibration (time, variant, parameters or the
 * one asked for, fit and out-of-sample figures); JSON: one object per stored calibration per line.
 * `volcal history --db <location> --report <file.html> [--currency C] [--model M] [--variant V]`: the
 * backtest report (model-selection tables, charts; src/app/backtest/backtest-report-input.ts) of what is
 * stored, or of the series the filters name.
 */
import type { CliIo } from '../io.ts';
import { parseCommandArgs } from '../command-args.ts';
import { UsageError } from '../args.ts';
import { openHistoryStore } from '../../store/open-store.ts';
import type { StoredCalibration } from '../../store/history-store.ts';
import { table } from '../format.ts';
import { DEFAULT_DB } from './backtest.ts';
import { backtestReportHtml } from '../../app/backtest/backtest-report-input.ts';
import { writeOutputFile } from '../write-output.ts';

export const historyUsage = `Usage: volcal history --currency <C> --model <M> [options]
       volcal history --report <file.html> [--currency <C>] [--model <M>] [--variant <name>] [--db <location>]

Prints the stored calibrations of a series, oldest first. With --report, writes instead the backtest
report of everything stored (or of the series --currency, --model and --variant name) as one
self-contained HTML page: per currency and period (all, calm, the 29 Jan – 8 Feb 2026 crash) every
model's in-sample and out-of-sample error, share inside the spread, stability, AIC, BIC and time with the
best marked, the stability of each parameter plain against regularised, and charts over time.

Options:
  --db <location>        SQLite file or postgres:// URL (default ${DEFAULT_DB})
  --currency <C>         currency (required without --report)
  --model <M>            model (required without --report)
  --variant <name>       plain or regularised (default: both)
  --param <name>         print this parameter only
  --source <name>        data source (default deribit)
  --format text|json     text table (default) or one JSON object per line
  --report <file.html>   write the HTML report instead of printing (not with --param or --format)
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
      format: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const format = values.format ?? 'text';
  try {
    if (values.report !== undefined) {
      if (values.format !== undefined) throw new UsageError('--format applies to the printed series; --report writes HTML');
      if (values.param !== undefined) throw new UsageError('--param applies to the printed series; the --report shows every parameter');
    } else {
      if (values.currency === undefined) throw new UsageError('--currency is required (or --report)');
      if (values.model === undefined) throw new UsageError('--model is required (or --report)');
    }
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format '${format}' must be text or json`);
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
      ...(values.currency !== undefined ? { currency: values.currency.toUpperCase() } : {}),
      ...(values.model !== undefined ? { model: values.model } : {}),
      ...(values.variant !== undefined ? { variant: values.variant } : {}),
    });
  } finally {
    await store.close();
  }
  if (records.length === 0) {
    const series = [values.currency, values.model, values.variant].filter((s) => s !== undefined);
    io.stderr(`volcal history: no stored calibration${series.length > 0 ? ` of ${series.join(' ')}` : ''} in ${values.db}\n`);
    return 1;
  }
  if (values.report !== undefined) {
    const written = await writeOutputFile(values.report, backtestReportHtml(records, { generatedAtMs: Date.now() }));
    if (!written.ok) {
      io.stderr(`volcal history: ${written.reason}\n`);
      return 1;
    }
    io.stdout(`report of ${String(records.length)} calibrations written to ${values.report}\n`);
    return 0;
  }
  const param = values.param;
  if (param !== undefined && !records.some((r) => param in r.params)) {
    const names = [...new Set(records.flatMap((r) => Object.keys(r.params)))].join(', ');
    io.stderr(`volcal history: no parameter '${param}' in this series (it has ${names})\n`);
    return 2;
  }
  if (format === 'json') {
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
