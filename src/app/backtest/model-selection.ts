/**
 * The model-selection table of a stored backtest: per currency and period, every series' (model and
 * variant's) in-sample error, out-of-sample error, share inside the spread, stability, information criteria
 * and time, with the best series of each (currency, period) marked; and the per-parameter stability ratio
 * of the regularised series against the plain one. The figures are summariseSeries' (summarise.ts); this
 * module groups records, marks the best, and lays rows out as tables for the HTML report
 * (src/report/backtest-report.ts) or as markdown (scripts/backtest-tables.ts).
 *
 * Periods: 'all'; 'calm', the snapshots outside every window (only when windows are given); and one per
 * window, its snapshots with fromMs ≤ snapshotMs < toMs. A series with no snapshot in a period has no row
 * for it. Best out of sample: the lowest mean sticky-moneyness RMSE, the previous calibration's surface
 * scored on the next snapshot (the model's own forecast; the residual-corrected score is mostly the
 * market's mids, and about the same for every model). Best by BIC: the lowest mean BIC, which compares
 * models only approximately (their quote filters may keep a few different quotes). Ties are all marked.
 *
 * Pure: no I/O, no clock. Errors in vol points; shares are fractions in rows and percentages in tables.
 */
import type { BacktestReportTable } from '../../report/backtest-report.ts';
import { summariseSeries, type SeriesSummary, type SummaryRecord } from './summarise.ts';

/** A stored calibration as this module reads it (src/store/history-store.ts StoredCalibration is one). */
export interface SelectionRecord extends SummaryRecord {
  readonly currency: string;
  readonly model: string;
  /** 'plain' | 'regularised' (others possible). */
  readonly variant: string;
}

/** A named time window, UTC milliseconds, fromMs inclusive and toMs exclusive. */
export interface PeriodWindow {
  readonly label: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** The Feb 2026 crash: 29 Jan – 8 Feb 2026 inclusive (docs/backtest.md). */
export const DEFAULT_PERIOD_WINDOWS: readonly PeriodWindow[] = [
  { label: 'crash', fromMs: Date.UTC(2026, 0, 29), toMs: Date.UTC(2026, 1, 9) },
];

export interface ModelSelectionRow {
  readonly currency: string;
  /** 'all', 'calm' or a window's label. */
  readonly period: string;
  readonly model: string;
  readonly variant: string;
  readonly calibrations: number;
  readonly failures: number;
  /** Means over the period's successful calibrations (vol points; share a fraction). */
  readonly meanRmseVolPoints: number;
  readonly meanInsideShare: number;
  /** Mean out-of-sample RMSE (vol points) of each predictor over the snapshots that have one. */
  readonly oosStickyMoneyness: number;
  readonly oosResidualCorrected: number;
  readonly oosNaive: number;
  /** Mean over parameters of median|Δp| / median|p| (core/refine/stability.ts); lower is stabler. */
  readonly stabilityScore: number;
  readonly meanAic: number;
  readonly meanBic: number;
  readonly medianTimeMs: number;
  /** Lowest oosStickyMoneyness of its (currency, period). */
  readonly bestOutOfSample: boolean;
  /** Lowest meanBic of its (currency, period). */
  readonly bestBic: boolean;
}

export interface StabilityRatioRow {
  readonly currency: string;
  readonly model: string;
  readonly parameter: string;
  /** Median day-over-day |Δp| of the plain and the regularised series over all their snapshots. */
  readonly plainMedianAbsChange: number;
  readonly regularisedMedianAbsChange: number;
  /** plain / regularised: how many times smaller the regularised series' changes are. */
  readonly ratio: number;
  /**
   * The quotes' own (model-free) median day-over-day change of the same quantity, where there is one: the
   * constant-maturity ATM vols (atmVol7d, atmVol30d, atmVol90d); NaN otherwise.
   */
  readonly marketMedianAbsChange: number;
}

const KNOWN_VARIANTS = ['plain', 'regularised'];

const SELECTION_NOTE = 'Means over the period\'s snapshots, errors in vol points (vp) against the mid. Periods: all, calm (outside every window) and each window. OOS: the previous calibration scored on this snapshot, carried sticky in log-moneyness or residual-corrected; naive: the previous snapshot\'s mids. Stability: mean over parameters of median |Δp| / median |p|, lower is stabler. Best by: the lowest OOS sticky-moneyness error and the lowest mean BIC of the currency and period.';

/** Rows ordered by currency, period ('all', 'calm', then the windows in order), model, variant. */
export function modelSelection(records: readonly SelectionRecord[], windows: readonly PeriodWindow[] = DEFAULT_PERIOD_WINDOWS): ModelSelectionRow[] {
  const labels = windows.map((w) => w.label);
  for (const [i, label] of labels.entries()) {
    if (label === 'all' || label === 'calm' || labels.indexOf(label) !== i) throw new Error(`window label '${label}' is reserved or repeated`);
  }
  const inside = (w: PeriodWindow, r: SelectionRecord): boolean => r.snapshotMs >= w.fromMs && r.snapshotMs < w.toMs;
  const periods: { readonly name: string; readonly holds: (r: SelectionRecord) => boolean }[] = [
    { name: 'all', holds: () => true },
    ...(windows.length > 0 ? [{ name: 'calm', holds: (r: SelectionRecord) => !windows.some((w) => inside(w, r)) }] : []),
    ...windows.map((w) => ({ name: w.label, holds: (r: SelectionRecord) => inside(w, r) })),
  ];
  const rows: ModelSelectionRow[] = [];
  const currencies = groupBy(records, (r) => r.currency).sort((a, b) => textOrder(a[0]!.currency, b[0]!.currency));
  for (const ofCurrency of currencies) {
    for (const period of periods) {
      const series = groupBy(ofCurrency.filter(period.holds), (r) => JSON.stringify([r.model, r.variant]))
        .sort((a, b) => textOrder(a[0]!.model, b[0]!.model) || variantOrder(a[0]!.variant, b[0]!.variant))
        .map((list) => ({ first: list[0]!, summary: summariseSeries(list) }));
      const bestOos = lowest(series.map((s) => s.summary.oosStickyMoneyness));
      const bestBic = lowest(series.map((s) => s.summary.meanBic));
      for (const { first, summary } of series) rows.push(row(first, period.name, summary, bestOos, bestBic));
    }
  }
  return rows;
}

/** Per (currency, model) with both a plain and a regularised series, one row per parameter of the plain one. */
export function stabilityRatios(records: readonly SelectionRecord[]): StabilityRatioRow[] {
  const rows: StabilityRatioRow[] = [];
  const series = groupBy(records, (r) => JSON.stringify([r.currency, r.model]))
    .sort((a, b) => textOrder(a[0]!.currency, b[0]!.currency) || textOrder(a[0]!.model, b[0]!.model));
  for (const list of series) {
    const plain = list.filter((r) => r.variant === 'plain');
    const regularised = list.filter((r) => r.variant === 'regularised');
    if (plain.length === 0 || regularised.length === 0) continue;
    const after = summariseSeries(regularised).stability.parameters;
    const before = summariseSeries(plain);
    for (const p of before.stability.parameters) {
      const r = after.find((x) => x.name === p.name);
      if (r === undefined) continue;
      rows.push({
        currency: list[0]!.currency,
        model: list[0]!.model,
        parameter: p.name,
        plainMedianAbsChange: p.medianAbsChange,
        regularisedMedianAbsChange: r.medianAbsChange,
        ratio: p.medianAbsChange / r.medianAbsChange,
        marketMedianAbsChange: before.marketStability.parameters.find((m) => m.name === p.name)?.medianAbsChange ?? Number.NaN,
      });
    }
  }
  return rows;
}

/**
 * One table per currency: its periods one after the other, the best series marked in the last column; the
 * first table carries the note on what the columns mean.
 */
export function modelSelectionTables(rows: readonly ModelSelectionRow[]): BacktestReportTable[] {
  const columns = ['period', 'model', 'variant', 'calibrations', 'failed', 'in-sample RMSE vp', 'inside spread %', 'OOS sticky-moneyness vp', 'OOS residual-corrected vp', 'naive vp', 'stability score', 'mean AIC', 'mean BIC', 'median ms', 'best by'];
  const decimals = [null, null, null, 0, 0, 2, 1, 2, 2, 2, 4, 0, 0, 0, null];
  return groupBy(rows, (r) => r.currency).map((list, i) => ({
    title: `Model selection · ${list[0]!.currency}`,
    ...(i === 0 ? { note: SELECTION_NOTE } : {}),
    columns,
    decimals,
    rows: list.map((r) => [
      r.period,
      r.model,
      r.variant,
      r.calibrations,
      r.failures,
      r.meanRmseVolPoints,
      100 * r.meanInsideShare,
      r.oosStickyMoneyness,
      r.oosResidualCorrected,
      r.oosNaive,
      r.stabilityScore,
      r.meanAic,
      r.meanBic,
      r.medianTimeMs,
      [r.bestOutOfSample ? 'OOS error' : '', r.bestBic ? 'BIC' : ''].filter((s) => s !== '').join(', '),
    ]),
  }));
}

export function stabilityRatioTable(rows: readonly StabilityRatioRow[]): BacktestReportTable {
  const significant = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(3)) : Number.NaN);
  return {
    title: 'Parameter stability: median day-over-day |Δp|, plain and regularised (all snapshots)',
    note: 'Median |Δp| between consecutive successful calibrations, in the parameter\'s units; a ratio above 1: the regularised series moves less. Market: the same change of the quotes\' own ATM vol at that tenor (model-free), what a fitted ATM level must move by to keep fitting.',
    columns: ['currency', 'model', 'parameter', 'plain', 'regularised', 'ratio plain / regularised', 'market (model-free)'],
    groupColumns: 2,
    decimals: [null, null, null, null, null, 2, null],
    rows: rows.map((r) => [r.currency, r.model, r.parameter, significant(r.plainMedianAbsChange), significant(r.regularisedMedianAbsChange), r.ratio, significant(r.marketMedianAbsChange)]),
  };
}

/** A table as GitHub markdown under a `###` heading; non-finite numbers are '–', like the report's. */
export function markdownTable(table: BacktestReportTable): string {
  const escape = (text: string): string => text.replaceAll('|', '\\|');
  const cell = (value: string | number | undefined, c: number): string => {
    if (typeof value === 'string') return escape(value);
    if (value === undefined || !Number.isFinite(value)) return '–';
    const digits = table.decimals?.[c];
    return digits === null || digits === undefined ? String(value) : value.toFixed(digits);
  };
  const lines = [
    `### ${escape(table.title)}`,
    '',
    `| ${table.columns.map(escape).join(' | ')} |`,
    `|${table.columns.map(() => '---|').join('')}`,
    ...table.rows.map((row) => `| ${table.columns.map((_, c) => cell(row[c], c)).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

function row(series: SelectionRecord, period: string, s: SeriesSummary, bestOos: number, bestBic: number): ModelSelectionRow {
  return {
    currency: series.currency,
    period,
    model: series.model,
    variant: series.variant,
    calibrations: s.calibrations,
    failures: s.failures,
    meanRmseVolPoints: s.meanRmseVolPoints,
    meanInsideShare: s.meanInsideShare,
    oosStickyMoneyness: s.oosStickyMoneyness,
    oosResidualCorrected: s.oosResidualCorrected,
    oosNaive: s.oosNaive,
    stabilityScore: s.stability.score,
    meanAic: s.meanAic,
    meanBic: s.meanBic,
    medianTimeMs: s.medianTimeMs,
    bestOutOfSample: s.oosStickyMoneyness === bestOos,
    bestBic: s.meanBic === bestBic,
  };
}

/** The smallest finite value, or NaN (which equals nothing, so no row is marked). */
function lowest(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 ? Math.min(...finite) : Number.NaN;
}

/** Groups of items with equal keys, in the order of their first item; items keep their order in a group. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return [...groups.values()];
}

function textOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** plain, regularised, then any other variant alphabetically. */
function variantOrder(a: string, b: string): number {
  const rank = (v: string): number => (KNOWN_VARIANTS.includes(v) ? KNOWN_VARIANTS.indexOf(v) : KNOWN_VARIANTS.length);
  return rank(a) - rank(b) || textOrder(a, b);
}
