/**
 * `renderBacktestReport(input)`: a calibration backtest (the stored history of src/store, one record per
 * series and snapshot) as one self-contained HTML page. A header, the caller's summary tables, then one
 * section per (currency, model): a small chart per parameter over time, in-sample and out-of-sample RMSE
 * against the naive predictor, the share of quotes fitted inside the spread, and a table of medians per
 * variant. One colour per variant (plain, regularised, …) throughout; the caller's windows (a crash) are
 * shaded; failed calibrations break the lines and are marked × on the bottom of each chart.
 *
 * Pure, like fit-report.ts: no clock (the generation time is an input), no Node APIs, no script, nothing
 * fetched. Diagnostics are read defensively (any field may be missing, null or not a number: it is a gap
 * in a line and "–" in a table, never NaN). Times are UTC; errors are in vol points (1 vp = 0.01 of vol).
 */
import { median } from '../core/numerics/robust.ts';
import { escapeHtml } from './html.ts';
import { compact, MISSING, num, percent } from './number-format.ts';
import { reportStyle } from './report-style.ts';
import { linePath, linearScale, niceTicks, px, spacedTicks } from './svg-chart.ts';

/** One stored calibration: the fields of src/store/history-store.ts StoredCalibration the report reads. */
export interface BacktestReportRecord {
  readonly currency: string;
  readonly model: string;
  /** 'plain' | 'regularised' (others possible). */
  readonly variant: string;
  readonly snapshotMs: number;
  readonly ok: boolean;
  readonly failureReason: string | null;
  readonly params: Readonly<Record<string, number>>;
  readonly diagnostics: Readonly<Record<string, unknown>>;
}

export interface BacktestReportWindow {
  readonly label: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface BacktestReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** Decimals to print each column's numbers with; null or absent: as JavaScript prints them. */
  readonly decimals?: readonly (number | null)[];
  /** A line under the title: units, what the columns mean. */
  readonly note?: string;
  /** Rows start a group (a heavier rule above) where any of the first groupColumns cells change; default 1. */
  readonly groupColumns?: number;
}

export interface BacktestReportInput {
  readonly title: string;
  readonly generatedAtMs: number;
  readonly records: readonly BacktestReportRecord[];
  /** Shaded time windows, e.g. the Feb 2026 crash. */
  readonly windows: readonly BacktestReportWindow[];
  /** Summary tables already computed by the caller, rendered as they are. */
  readonly tables: readonly BacktestReportTable[];
}

/** A record as the charts read it: every number finite or null. */
interface View {
  readonly t: number;
  readonly ok: boolean;
  readonly reason: string;
  readonly params: ReadonlyMap<string, number>;
  readonly rmse: number | null;
  readonly inside: number | null;
  readonly sticky: number | null;
  readonly corrected: number | null;
  readonly naive: number | null;
  readonly mode: unknown;
  readonly fallback: unknown;
}

interface Series {
  readonly variant: string;
  readonly colour: string;
  readonly index: number;
  readonly views: readonly View[];
}

interface Section {
  readonly currency: string;
  readonly model: string;
  readonly series: readonly Series[];
  readonly paramNames: readonly string[];
  readonly time: readonly [number, number];
}

const PALETTE = ['#1971c2', '#e8590c', '#2f9e44', '#9c36b5', '#c2255c', '#0c8599'];
const NAIVE_COLOUR = '#5c636a';
const KNOWN_VARIANTS = ['plain', 'regularised'];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function renderBacktestReport(input: BacktestReportInput): string {
  const records = input.records.filter((r) => Number.isFinite(r.snapshotMs));
  const windows = input.windows.filter((w) => Number.isFinite(w.fromMs) && Number.isFinite(w.toMs) && w.toMs >= w.fromMs);
  const sections = buildSections(records);
  const body = sections.map((s, i) => sectionHtml(s, i, windows)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${reportStyle}${backtestStyle}</style>
</head>
<body>
${headerHtml(input, records, sections, windows)}
${input.tables.map(callerTable).join('\n')}
${body === '' ? '<p class="note">No calibrations to show.</p>' : body}
<footer>volcal backtest report · times UTC · errors in vol points (1 vp = 1% of vol) against the mid implied vol · "inside" is the share of two-sided quotes whose fitted vol lies within [bid IV, ask IV] · out-of-sample: the previous calibration's surface scored on this snapshot, carried sticky in log-moneyness or residual-corrected (the previous snapshot's mids moved as the model moves its smile); naive: the previous snapshot's mid vols.</footer>
</body>
</html>
`;
}

// ——— data ———

function at(value: unknown, ...path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function view(r: BacktestReportRecord): View {
  const d = r.diagnostics;
  const params = new Map<string, number>();
  if (r.ok) for (const [name, value] of Object.entries(r.params)) if (Number.isFinite(value)) params.set(name, value);
  const inSample = (key: string): number | null => (r.ok ? finite(at(d, 'statistics', key)) : null);
  // Out-of-sample scores belong to the previous calibration, so they stand even when this one failed.
  const oos = (predictor: string): number | null => finite(at(d, 'outOfSample', predictor, 'rmseVolPoints'));
  return {
    t: r.snapshotMs,
    ok: r.ok,
    reason: r.failureReason ?? 'failed (no reason given)',
    params,
    rmse: inSample('rmseVolPoints'),
    inside: inSample('insideSpreadShare'),
    sticky: oos('stickyMoneyness'),
    corrected: oos('residualCorrected'),
    naive: oos('naive'),
    mode: at(d, 'policy', 'mode'),
    fallback: at(d, 'policy', 'fallback'),
  };
}

function variantOrder(a: string, b: string): number {
  const rank = (v: string): number => (KNOWN_VARIANTS.includes(v) ? KNOWN_VARIANTS.indexOf(v) : KNOWN_VARIANTS.length);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function buildSections(records: readonly BacktestReportRecord[]): Section[] {
  const variants = [...new Set(records.map((r) => r.variant))].sort(variantOrder);
  const groups = new Map<string, BacktestReportRecord[]>();
  for (const r of records) {
    const key = JSON.stringify([r.currency, r.model]);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
  }
  const sections = [...groups.values()].map((group): Section => {
    const sorted = [...group].sort((a, b) => a.snapshotMs - b.snapshotMs);
    const first = sorted[0]!;
    const series = [...new Set(sorted.map((r) => r.variant))].sort(variantOrder).map((variant): Series => {
      const index = variants.indexOf(variant);
      return { variant, index, colour: PALETTE[index % PALETTE.length]!, views: sorted.filter((r) => r.variant === variant).map(view) };
    });
    const paramNames = [...new Set(sorted.flatMap((r) => (r.ok ? Object.keys(r.params) : [])))];
    return { currency: first.currency, model: first.model, series, paramNames, time: [first.snapshotMs, sorted[sorted.length - 1]!.snapshotMs] };
  });
  const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return sections.sort((a, b) => text(a.currency, b.currency) || text(a.model, b.model));
}

function medianOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : median(present);
}

/** Median |Δp| over consecutive successful calibrations of the series (failures in between are skipped). */
function medianAbsChange(views: readonly View[], name: string): number | null {
  const values = views.map((v) => v.params.get(name)).filter((v): v is number => v !== undefined);
  return medianOf(values.slice(1).map((v, i) => Math.abs(v - values[i]!)));
}

// ——— page ———

function headerHtml(input: BacktestReportInput, records: readonly BacktestReportRecord[], sections: readonly Section[], windows: readonly BacktestReportWindow[]): string {
  const failed = records.filter((r) => !r.ok).length;
  const range = extent(records.map((r) => r.snapshotMs));
  const span = range === null ? '' : ` · ${utcDate(range[0])} – ${utcDate(range[1])}`;
  const shaded = windows.map((w) => `<span class="bt-window-key">${escapeHtml(w.label)}</span> ${windowSpan(w)}`);
  const toc = sections.map((s, i) => `<a href="#bt-section-${String(i)}">${escapeHtml(s.currency)} · ${escapeHtml(s.model)}</a>`);
  return `<header>
<h1>${escapeHtml(input.title)}</h1>
<p class="meta">generated <b>${utcDateTime(input.generatedAtMs)}</b> · <b>${String(records.length)}</b> calibrations${failed > 0 ? ` (<span class="neg">${String(failed)} failed</span>)` : ''}${span}</p>
${shaded.length > 0 ? `<p class="meta">shaded windows: ${shaded.join(' · ')}</p>` : ''}
${toc.length > 0 ? `<nav class="bt-toc">sections: ${toc.join(' ')}</nav>` : ''}
</header>`;
}

function cell(value: string | number, digits: number | null | undefined): string {
  if (typeof value === 'number') {
    const text = !Number.isFinite(value) ? MISSING : digits === null || digits === undefined ? String(value) : num(value, digits);
    return `<td class="n">${text}</td>`;
  }
  return `<td>${escapeHtml(value)}</td>`;
}

/**
 * A caller's table. Rows whose leading cells (groupColumns of them) differ from the row above's start a
 * group (a period, a series) under a heavier rule; a table wider than the page scrolls in its own box.
 */
function callerTable(t: BacktestReportTable): string {
  const numeric = t.columns.map((_, c) => t.rows.length > 0 && t.rows.every((row) => typeof row[c] !== 'string'));
  const head = t.columns.map((name, c) => `<th${numeric[c] === true ? ' class="n"' : ''}>${escapeHtml(name)}</th>`).join('');
  const leading = t.groupColumns ?? 1;
  const rows = t.rows.map((row, i) => {
    const above = t.rows[i - 1];
    const group = above !== undefined && row.slice(0, leading).some((v, c) => v !== above[c]) ? ' class="bt-group"' : '';
    return `<tr${group}>${t.columns.map((_, c) => cell(row[c] ?? MISSING, t.decimals?.[c])).join('')}</tr>`;
  });
  return `<section>
<h2>${escapeHtml(t.title)}</h2>
${t.note === undefined ? '' : `<p class="note">${escapeHtml(t.note)}</p>\n`}<div class="bt-scroll"><table class="diagnostics bt-table bt-caller"><thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
</section>`;
}

function sectionHtml(s: Section, index: number, windows: readonly BacktestReportWindow[]): string {
  const id = `bt-section-${String(index)}`;
  const count = s.series.reduce((n, x) => n + x.views.length, 0);
  const failed = s.series.reduce((n, x) => n + x.views.filter((v) => !v.ok).length, 0);
  const chart = (key: string, metric: string, spec: Omit<ChartSpec, 'id' | 'time' | 'windows' | 'failures'>): string =>
    timeChart({ ...spec, id: `${id}-${key}`, time: s.time, windows, failures: failureMarks(s.series, metric) });
  const params = s.paramNames.map((name, i) => {
    const lines = s.series.map((x) => variantLine(x, `param:${name}`, (v) => v.params.get(name) ?? null));
    return `<figure class="bt-chart">
<figcaption><b>${escapeHtml(name)}</b></figcaption>
${chart(`p${String(i)}`, name, { kind: 'param', size: SMALL, y: linearAxis(lineValues(lines), name, {}), lines, windowLabels: false, label: `${s.currency} ${s.model} ${name} over time` })}
</figure>`;
  });
  const errorLines: Line[] = [
    ...s.series.map((x) => variantLine(x, 'rmse:in-sample', (v) => v.rmse)),
    ...s.series.map((x) => ({ ...variantLine(x, 'rmse:residual-corrected', (v) => v.corrected), dash: '6 3' })),
    ...s.series.map((x) => ({ ...variantLine(x, 'rmse:sticky-moneyness', (v) => v.sticky), dash: '1.5 3' })),
    naiveLine(s.series),
  ];
  const insideLines = s.series.map((x) => variantLine(x, 'inside:in-sample', (v) => v.inside));
  return `<section class="bt-section" id="${id}">
<h2>${escapeHtml(s.currency)} · ${escapeHtml(s.model)} <span class="dim">${String(count)} calibrations${failed > 0 ? `, <span class="neg">${String(failed)} failed</span>` : ''}</span></h2>
${sectionLegend(s.series, windows)}
<h3>Parameters over time</h3>
${params.length > 0 ? `<div class="bt-grid${gridColumns(s.paramNames)}">\n${params.join('\n')}\n</div>` : '<p class="note">No successful calibration: no parameters to show.</p>'}
<div class="bt-wide">
<figure class="bt-chart">
<figcaption><b>Fit error: in-sample and out-of-sample RMSE</b> <span class="dim">· vol points, log scale</span></figcaption>
${errorLegend()}
${chart('rmse', 'rmse', { kind: 'wide', size: WIDE, y: logAxis(lineValues(errorLines), 'RMSE to mid (vol pts, log scale)'), lines: errorLines, windowLabels: true, label: `${s.currency} ${s.model} RMSE over time` })}
</figure>
<figure class="bt-chart">
<figcaption><b>Fit inside the bid–ask spread</b> <span class="dim">· in-sample, share of two-sided quotes</span></figcaption>
${variantLegend(s.series)}
${chart('inside', 'inside', { kind: 'wide', size: WIDE, y: percentAxis('inside spread (% of two-sided quotes)'), lines: insideLines, windowLabels: true, label: `${s.currency} ${s.model} share inside the spread over time` })}
</figure>
</div>
<h3>Summary by variant</h3>
<div class="bt-tables">
${summaryTable(s.series)}
${changeTable(s)}
</div>
${failureList(s.series)}
</section>`;
}

function swatch(inner: string): string {
  return `<svg viewBox="0 0 22 14" aria-hidden="true">${inner}</svg>`;
}

/**
 * Parameters named by tenor (eSSVI's atmVol7d, rho7d, psi7d, atmVol30d, …) get one column per quantity,
 * so that each row of charts is one tenor; other models flow four to a row.
 */
function gridColumns(names: readonly string[]): string {
  const quantities = new Set<string>();
  for (const name of names) {
    const m = /^(.+?)\d+[hdwmy]$/.exec(name);
    if (m === null) return '';
    quantities.add(m[1]!);
  }
  return quantities.size >= 2 && quantities.size <= 4 && names.length > quantities.size ? ` cols-${String(quantities.size)}` : '';
}

function variantSwatches(series: readonly Series[]): string[] {
  return series.map((x) => `<span>${swatch(`<line x1="1" x2="21" y1="7" y2="7" stroke="${x.colour}" stroke-width="2.4"/>`)}${escapeHtml(x.variant)}</span>`);
}

function variantLegend(series: readonly Series[]): string {
  return `<p class="legend">${variantSwatches(series).join('\n')}</p>`;
}

function sectionLegend(series: readonly Series[], windows: readonly BacktestReportWindow[]): string {
  const items = variantSwatches(series);
  for (const w of windows) items.push(`<span>${swatch('<rect class="window" x="1" y="1" width="20" height="12"/>')}${escapeHtml(w.label)}</span>`);
  items.push(`<span>${swatch('<path class="fail" stroke="#5c636a" d="M7 3L15 11M7 11L15 3"/>')}failed calibration (one row per variant; hover for the reason)</span>`);
  return `<p class="legend">${items.join('\n')}</p>`;
}

function errorLegend(): string {
  const line = (dash: string, colour = '#343a40'): string => swatch(`<line x1="1" x2="21" y1="7" y2="7" stroke="${colour}" stroke-width="1.8"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`);
  return `<p class="legend">
<span>${line('')}in-sample</span>
<span>${line('6 3')}OOS residual-corrected</span>
<span>${line('1.5 3')}OOS sticky moneyness</span>
<span>${line('', NAIVE_COLOUR)}naive (previous mids)</span>
</p>`;
}

function summaryTable(series: readonly Series[]): string {
  const head: readonly (readonly [string, string])[] = [
    ['calibrations', ''], ['failed', ''], ['full', 'policy chose a full (cold) calibration'], ['warm', 'policy chose a warm start'],
    ['fallback', 'warm fits whose concerns triggered a full refit (of which the full fit was kept)'], ['RMSE vp', 'median in-sample RMSE'],
    ['inside', 'median in-sample share inside the spread'], ['OOS sticky k', 'median out-of-sample RMSE, sticky moneyness (vp)'],
    ['OOS resid.', 'median out-of-sample RMSE, residual-corrected (vp)'], ['naive', 'median RMSE of the naive predictor (vp)'],
  ];
  const rows = series.map((x) => {
    const v = x.views;
    const fallbacks = v.filter((r) => typeof r.fallback === 'object' && r.fallback !== null);
    const keptFull = fallbacks.filter((r) => at(r.fallback, 'kept') === 'full').length;
    const cells = [
      String(v.length), String(v.filter((r) => !r.ok).length), String(v.filter((r) => r.mode === 'full').length), String(v.filter((r) => r.mode === 'warm').length),
      `${String(fallbacks.length)} <span class="dim">(${String(keptFull)} full)</span>`, num(medianOf(v.map((r) => r.rmse)), 2), percent(medianOf(v.map((r) => r.inside))),
      num(medianOf(v.map((r) => r.sticky)), 2), num(medianOf(v.map((r) => r.corrected)), 2), num(medianOf(v.map((r) => r.naive)), 2),
    ];
    return `<tr>${variantCell(x)}${cells.map((c) => `<td class="n">${c}</td>`).join('')}</tr>`;
  });
  return `<table class="diagnostics bt-table">
<thead><tr><th>variant</th>${head.map(([h, title]) => `<th class="n"${title === '' ? '' : ` title="${title}"`}>${h}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function changeTable(s: Section): string {
  if (s.paramNames.length === 0) return '';
  const rows = s.paramNames.map((name) => `<tr><td>${escapeHtml(name)}</td>${s.series.map((x) => `<td class="n">${compact(medianAbsChange(x.views, name))}</td>`).join('')}</tr>`);
  return `<table class="diagnostics bt-table">
<caption>median |Δ| between consecutive calibrations</caption>
<thead><tr><th>parameter</th>${s.series.map((x) => `<th class="n">${escapeHtml(x.variant)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function variantCell(x: Series): string {
  return `<td><span class="bt-dot" style="background:${x.colour}"></span>${escapeHtml(x.variant)}</td>`;
}

function failureList(series: readonly Series[]): string {
  const failures = series.flatMap((x) => x.views.filter((v) => !v.ok).map((v) => ({ x, v }))).sort((a, b) => a.v.t - b.v.t);
  if (failures.length === 0) return '';
  const items = failures.map(({ x, v }) => `<li>${utcDateTime(v.t)} · ${escapeHtml(x.variant)}: ${escapeHtml(v.reason)}</li>`);
  return `<details class="bt-failures"><summary>${String(failures.length)} failed calibration${failures.length === 1 ? '' : 's'}</summary>
<ul>
${items.join('\n')}
</ul></details>`;
}

// ——— charts ———

interface Line {
  readonly variant: string;
  readonly metric: string;
  readonly colour: string;
  readonly dash: string | null;
  readonly points: readonly (readonly [number, number | null])[];
}

interface FailureMark {
  readonly t: number;
  readonly row: number;
  readonly colour: string;
  readonly title: string;
}

interface YAxis {
  readonly title: string;
  /** Data value → axis coordinate (identity, or log10 on a log axis); null when the axis cannot show it. */
  readonly map: (v: number) => number | null;
  readonly domain: readonly [number, number];
  readonly ticks: readonly { readonly at: number; readonly label: string }[];
}

interface ChartSize {
  readonly width: number;
  readonly height: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
}

interface ChartSpec {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly size: ChartSize;
  readonly time: readonly [number, number];
  readonly y: YAxis;
  readonly lines: readonly Line[];
  readonly windows: readonly BacktestReportWindow[];
  readonly windowLabels: boolean;
  readonly failures: readonly FailureMark[];
}

const SMALL: ChartSize = { width: 340, height: 196, margin: { top: 8, right: 12, bottom: 42, left: 52 } };
const WIDE: ChartSize = { width: 680, height: 300, margin: { top: 10, right: 16, bottom: 42, left: 56 } };

function variantLine(x: Series, metric: string, value: (v: View) => number | null): Line {
  return { variant: x.variant, metric, colour: x.colour, dash: null, points: x.views.map((v) => [v.t, value(v)]) };
}

/** One naive line for the section: at each snapshot, the first variant's naive score (they share the market). */
function naiveLine(series: readonly Series[]): Line {
  const byTime = new Map<number, number | null>();
  for (const x of series) for (const v of x.views) if (byTime.get(v.t) == null) byTime.set(v.t, v.naive);
  const points = [...byTime.entries()].sort((a, b) => a[0] - b[0]);
  return { variant: 'all', metric: 'rmse:naive', colour: NAIVE_COLOUR, dash: null, points };
}

function failureMarks(series: readonly Series[], metric: string): FailureMark[] {
  return series.flatMap((x, row) =>
    x.views.filter((v) => !v.ok).map((v) => ({ t: v.t, row, colour: x.colour, title: `${utcDateTime(v.t)} ${x.variant} ${metric}: ${v.reason}` })),
  );
}

function lineValues(lines: readonly Line[]): number[] {
  return lines.flatMap((l) => l.points.map((p) => p[1]).filter((v): v is number => v !== null));
}

/** [min, max] of a list, or null for an empty one (a loop: a long history would overflow Math.min(...list)). */
function extent(values: readonly number[]): [number, number] | null {
  if (values.length === 0) return null;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Decimals enough to tell neighbouring ticks apart. */
function decimals(ticks: readonly number[]): number {
  const [a, b] = ticks;
  if (a === undefined || b === undefined) return 2;
  return Math.max(0, Math.ceil(-Math.log10(b - a) - 1e-9));
}

function linearAxis(values: readonly number[], title: string, options: { readonly fixed?: readonly [number, number]; readonly format?: (v: number) => string }): YAxis {
  const range = extent(values);
  let lo = options.fixed?.[0] ?? range?.[0] ?? 0;
  let hi = options.fixed?.[1] ?? range?.[1] ?? 1;
  if (options.fixed === undefined) {
    const pad = hi > lo ? 0.06 * (hi - lo) : Math.max(0.05 * Math.abs(hi), 1e-6);
    lo -= pad;
    hi += pad;
  }
  const ticks = niceTicks(lo, hi, 5);
  const digits = decimals(ticks);
  const format = options.format ?? ((v: number): string => (v === 0 ? 0 : v).toFixed(digits));
  return { title, map: (v) => v, domain: [lo, hi], ticks: ticks.map((t) => ({ at: t, label: format(t) })) };
}

function percentAxis(title: string): YAxis {
  return linearAxis([], title, { fixed: [0, 1], format: (v) => `${(v * 100).toFixed(0)}%` });
}

/** A log10 axis for errors that span decades (0.5 vp in calm markets, 20 vp for the naive predictor in a crash). */
function logAxis(values: readonly number[], title: string): YAxis {
  const [lo, hi] = extent(values.filter((v) => v > 0)) ?? [0.1, 10];
  const domain: [number, number] = [Math.log10(lo) - 0.08, Math.log10(hi) + 0.08];
  const candidates = (mantissas: readonly number[]): number[] => {
    const out: number[] = [];
    for (let d = Math.floor(domain[0]); d <= Math.ceil(domain[1]); d++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** d).toPrecision(3));
        if (Math.log10(v) >= domain[0] && Math.log10(v) <= domain[1]) out.push(v);
      }
    }
    return out;
  };
  let ticks = candidates([1, 2, 5]);
  if (ticks.length < 3) ticks = candidates([1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9]);
  return {
    title,
    map: (v) => (v > 0 ? Math.log10(v) : null),
    domain,
    ticks: ticks.map((v) => ({ at: Math.log10(v), label: String(v) })),
  };
}

interface TimeTick {
  readonly t: number;
  readonly label: string;
  /** The coarser unit (year, or day under hourly ticks), shown under the first tick and where it changes. */
  readonly sub: string;
}

type TimeStep = { readonly ms: number; readonly offsetMs: number } | { readonly months: number };

/** Hours align to UTC midnight, weeks to Mondays (1970-01-05 was one), months to the first of the month. */
const TIME_STEPS: readonly TimeStep[] = [
  ...[1, 3, 6, 12].map((h) => ({ ms: h * HOUR_MS, offsetMs: 0 })),
  ...[1, 2].map((d) => ({ ms: d * DAY_MS, offsetMs: 0 })),
  ...[7, 14].map((d) => ({ ms: d * DAY_MS, offsetMs: 4 * DAY_MS })),
  ...[1, 2, 3, 6, 12].map((months) => ({ months })),
];

function timeTicks(t0: number, t1: number, maxCount: number): TimeTick[] {
  let chosen: number[] = [];
  let step: TimeStep = TIME_STEPS[0]!;
  for (const s of TIME_STEPS) {
    step = s;
    chosen = stepTimes(t0, t1, s);
    if (chosen.length <= maxCount) break;
  }
  const hourly = 'ms' in step && step.ms < DAY_MS;
  let previousSub = '';
  return chosen.map((t) => {
    const d = new Date(t);
    const day = `${String(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? ''}`;
    const label = hourly ? `${String(d.getUTCHours()).padStart(2, '0')}:00` : 'months' in step ? (MONTHS[d.getUTCMonth()] ?? '') : day;
    const coarse = hourly ? day : String(d.getUTCFullYear());
    const sub = coarse === previousSub ? '' : coarse;
    previousSub = coarse;
    return { t, label, sub };
  });
}

function stepTimes(t0: number, t1: number, step: TimeStep): number[] {
  const out: number[] = [];
  if ('ms' in step) {
    for (let t = Math.ceil((t0 - step.offsetMs) / step.ms) * step.ms + step.offsetMs; t <= t1 && out.length < 1000; t += step.ms) out.push(t);
    return out;
  }
  const start = new Date(t0);
  let month = start.getUTCFullYear() * 12 + start.getUTCMonth();
  month = Math.ceil(month / step.months) * step.months;
  for (let t = Date.UTC(Math.floor(month / 12), month % 12, 1); t <= t1 && out.length < 1000; month += step.months, t = Date.UTC(Math.floor(month / 12), month % 12, 1)) {
    if (t >= t0) out.push(t);
  }
  return out;
}

function timeChart(c: ChartSpec): string {
  const { width, height, margin } = c.size;
  const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
  // A single snapshot still gets an axis: half a day either side.
  const [t0, t1] = c.time[1] > c.time[0] ? c.time : [c.time[0] - DAY_MS / 2, c.time[1] + DAY_MS / 2];
  const x = linearScale([t0, t1], [plot.left, plot.right]);
  const y = linearScale(c.y.domain, [plot.bottom, plot.top]);
  const rect = `x="${px(plot.left)}" y="${px(plot.top)}" width="${px(plot.right - plot.left)}" height="${px(plot.bottom - plot.top)}"`;
  const clip = `clip-${c.id}`;
  const parts: string[] = [`<rect class="plot-bg" ${rect}/>`, `<clipPath id="${clip}"><rect ${rect}/></clipPath>`];

  const shown = c.windows.filter((w) => w.toMs >= t0 && w.fromMs <= t1);
  for (const w of shown) {
    const wx0 = x(Math.max(w.fromMs, t0));
    const wx1 = Math.max(x(Math.min(w.toMs, t1)), wx0 + 2);
    parts.push(`<rect class="window" x="${px(wx0)}" y="${px(plot.top)}" width="${px(wx1 - wx0)}" height="${px(plot.bottom - plot.top)}"><title>${escapeHtml(w.label)}</title></rect>`);
  }
  for (const t of c.y.ticks) {
    const ty = y(t.at);
    parts.push(`<line class="gridline" x1="${px(plot.left)}" x2="${px(plot.right)}" y1="${px(ty)}" y2="${px(ty)}"/>`);
    parts.push(`<text x="${px(plot.left - 5)}" y="${px(ty + 3.5)}" text-anchor="end">${escapeHtml(t.label)}</text>`);
  }
  parts.push(`<text class="axis-title" transform="translate(11 ${px((plot.top + plot.bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(c.y.title)}</text>`);
  const ticks = spacedTicks(timeTicks(t0, t1, Math.max(4, Math.floor((plot.right - plot.left) / 65))), (t) => x(t.t), 44);
  for (const t of ticks) {
    const tx = x(t.t);
    parts.push(`<line class="gridline" x1="${px(tx)}" x2="${px(tx)}" y1="${px(plot.top)}" y2="${px(plot.bottom)}"/>`);
    parts.push(`<line class="axis" x1="${px(tx)}" x2="${px(tx)}" y1="${px(plot.bottom)}" y2="${px(plot.bottom + 3)}"/>`);
    parts.push(`<text x="${px(tx)}" y="${px(plot.bottom + 13)}" text-anchor="middle">${t.label}</text>`);
    if (t.sub !== '') parts.push(`<text class="tick-sub" x="${px(tx)}" y="${px(plot.bottom + 24)}" text-anchor="middle">${t.sub}</text>`);
  }
  parts.push(`<text class="axis-title" x="${px(plot.right)}" y="${px(height - 3)}" text-anchor="end">date (UTC)</text>`);
  parts.push(`<rect class="frame" ${rect}/>`);

  const data: string[] = [];
  for (const line of c.lines) {
    const segments: [number, number][][] = [[]];
    for (const [t, v] of line.points) {
      const at = v === null ? null : c.y.map(v);
      if (at === null) segments.push([]);
      else segments[segments.length - 1]!.push([x(t), y(at)]);
    }
    const drawn = segments.filter((s) => s.length > 0);
    if (drawn.length === 0) continue;
    const attributes = `data-variant="${escapeHtml(line.variant)}" data-metric="${escapeHtml(line.metric)}" stroke="${line.colour}"`;
    data.push(`<path class="series" ${attributes}${line.dash === null ? '' : ` stroke-dasharray="${line.dash}"`} d="${drawn.map(linePath).join('')}"/>`);
    // A value with a gap on both sides has no line to sit on: a dot shows it.
    for (const s of drawn) if (s.length === 1) data.push(`<circle class="lone" fill="${line.colour}" cx="${px(s[0]![0])}" cy="${px(s[0]![1])}" r="2"/>`);
  }
  parts.push(`<g clip-path="url(#${clip})">${data.join('\n')}</g>`);
  if (c.windowLabels) {
    for (const w of shown) parts.push(`<text class="window-label" x="${px(x(Math.max(w.fromMs, t0)) + 3)}" y="${px(plot.top + 11)}">${escapeHtml(w.label)}</text>`);
  }
  for (const f of c.failures) {
    const fx = x(f.t);
    const fy = plot.bottom - 5 - 8 * f.row;
    parts.push(`<path class="fail" stroke="${f.colour}" d="M${px(fx - 3)} ${px(fy - 3)}L${px(fx + 3)} ${px(fy + 3)}M${px(fx - 3)} ${px(fy + 3)}L${px(fx + 3)} ${px(fy - 3)}"><title>${escapeHtml(f.title)}</title></path>`);
  }
  return `<svg class="bt-svg ${c.kind}" viewBox="0 0 ${String(width)} ${String(height)}" role="img" aria-label="${escapeHtml(c.label)}">
${parts.join('\n')}
</svg>`;
}

// ——— formats and styles ———

function utcDate(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  const d = new Date(ms);
  return `${String(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? ''} ${String(d.getUTCFullYear())}`;
}

/** Whole UTC days as their first and last day (a window to 9 Feb 00:00 ends on 8 Feb); else times. */
function windowSpan(w: BacktestReportWindow): string {
  const wholeDays = w.fromMs % DAY_MS === 0 && w.toMs % DAY_MS === 0 && w.toMs > w.fromMs;
  return wholeDays ? `${utcDate(w.fromMs)} – ${utcDate(w.toMs - DAY_MS)}` : `${utcDateTime(w.fromMs)} – ${utcDateTime(w.toMs)}`;
}

function utcDateTime(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  return `${utcDate(ms)} ${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

const backtestStyle = `
h3 { font-size: 13px; margin: 16px 0 6px; color: var(--dim); text-transform: uppercase; letter-spacing: .04em; }
.bt-toc { display: flex; flex-wrap: wrap; gap: 4px 12px; color: var(--dim); }
.bt-toc a { color: #1971c2; text-decoration: none; font-weight: 600; }
.bt-window-key { background: #e3e6ea; border-radius: 3px; padding: 0 5px; font-weight: 600; }
.bt-section { margin-top: 30px; }
.bt-section h2 { font-size: 18px; }
.bt-section h2 .dim { font-size: 13px; font-weight: 400; }
.bt-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
.bt-grid.cols-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.bt-grid.cols-3 { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.bt-grid.cols-4 { grid-template-columns: repeat(4, minmax(0, 1fr)); }
@media (max-width: 900px) { .bt-grid.cols-2, .bt-grid.cols-3, .bt-grid.cols-4 { grid-template-columns: 1fr; } }
.bt-wide { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 14px; margin-top: 16px; }
.bt-chart { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px 2px; }
.bt-chart figcaption { font-size: 12px; margin-bottom: 2px; }
.bt-chart .legend { margin: 2px 0 0; }
.bt-svg { width: 100%; height: auto; display: block; }
.bt-svg .tick-sub { fill: var(--dim); font-size: 9px; }
.series { fill: none; stroke-width: 1.6; stroke-linejoin: round; stroke-linecap: round; }
.wide .series { stroke-width: 1.5; }
.window { fill: #adb5bd; fill-opacity: .28; }
.window-label { font-size: 10px; font-weight: 600; fill: #343a40; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.fail { fill: none; stroke-width: 1.7; }
.bt-tables { display: flex; flex-wrap: wrap; gap: 14px 28px; align-items: flex-start; }
table.bt-table { width: auto; }
.bt-scroll { overflow-x: auto; }
.bt-caller th { white-space: normal; vertical-align: bottom; max-width: 110px; }
.bt-caller td { white-space: nowrap; }
.bt-caller tr.bt-group td { border-top: 2px solid #b5bfca; }
.bt-table caption { text-align: left; color: var(--dim); font-size: 12px; padding-bottom: 4px; white-space: nowrap; }
.bt-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; vertical-align: -1px; }
.bt-failures { margin-top: 10px; color: var(--dim); }
.bt-failures summary { cursor: pointer; color: var(--bad); font-weight: 600; }
@media print { .bt-grid { grid-template-columns: repeat(3, 1fr); } .bt-wide { grid-template-columns: 1fr; } }
`;
