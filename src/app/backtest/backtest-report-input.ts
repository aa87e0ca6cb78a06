/**
 * Stored calibrations → the backtest report's HTML (src/report/backtest-report.ts): the model-selection
 * tables and the plain/regularised stability ratios (model-selection.ts) first, then the charts, with the
 * period windows shaded. One place for `volcal history --report` and `volcal backtest --report`.
 *
 * Pure: the generation time is an input.
 */
import { renderBacktestReport, type BacktestReportRecord } from '../../report/backtest-report.ts';
import { DEFAULT_PERIOD_WINDOWS, modelSelection, modelSelectionTables, stabilityRatios, stabilityRatioTable, type PeriodWindow } from './model-selection.ts';

export interface BacktestReportOptions {
  /** Default: 'Backtest · ' and the records' currencies and models. */
  readonly title?: string;
  readonly generatedAtMs: number;
  /** Shaded in the charts and each a period of the tables (default: the Feb 2026 crash). */
  readonly windows?: readonly PeriodWindow[];
}

export function backtestReportHtml(records: readonly BacktestReportRecord[], options: BacktestReportOptions): string {
  const windows = options.windows ?? DEFAULT_PERIOD_WINDOWS;
  const ratios = stabilityRatios(records);
  return renderBacktestReport({
    title: options.title ?? defaultTitle(records),
    generatedAtMs: options.generatedAtMs,
    records,
    windows,
    tables: [...modelSelectionTables(modelSelection(records, windows)), ...(ratios.length > 0 ? [stabilityRatioTable(ratios)] : [])],
  });
}

function defaultTitle(records: readonly BacktestReportRecord[]): string {
  const names = (of: (r: BacktestReportRecord) => string): string => [...new Set(records.map(of))].sort().join(', ');
  return records.length === 0 ? 'Backtest' : `Backtest · ${names((r) => r.currency)} · ${names((r) => r.model)}`;
}
