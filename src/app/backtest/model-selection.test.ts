import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PERIOD_WINDOWS, markdownTable, modelSelection, modelSelectionTables, stabilityRatios, stabilityRatioTable, type ModelSelectionRow, type SelectionRecord } from './model-selection.ts';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
/** Days 2 and 3 are the crash; days 0, 1, 4, 5 (and 6) are calm. */
const WINDOWS = [{ label: 'crash', fromMs: T0 + 2 * DAY_MS, toMs: T0 + 4 * DAY_MS }];
const QUOTES = 100;

interface Day {
  readonly rmse: number;
  readonly inside: number;
  /** Out-of-sample sticky-moneyness RMSE; null on the first day, which has none. */
  readonly sticky: number | null;
  readonly timeMs: number;
  readonly params: Readonly<Record<string, number>>;
  /** The quotes' own ATM vol at 30 days (diagnostics.market.atmVol30d). */
  readonly market30d?: number;
}

function records(currency: string, model: string, variant: string, days: readonly Day[]): SelectionRecord[] {
  return days.map((d, i) => ({
    currency,
    model,
    variant,
    snapshotMs: T0 + i * DAY_MS,
    ok: true,
    params: d.params,
    diagnostics: {
      statistics: { quotes: QUOTES, rmseVolPoints: d.rmse, insideSpreadShare: d.inside },
      outOfSample: d.sticky === null ? null : {
        stickyMoneyness: { rmseVolPoints: d.sticky, insideSpreadShare: 0.3 },
        residualCorrected: { rmseVolPoints: model === 'essvi' ? 1.5 : 1.6, insideSpreadShare: 0.4 },
        naive: { rmseVolPoints: 2.5, insideSpreadShare: 0.35 },
      },
      timeMs: d.timeMs,
      ...(d.market30d === undefined ? {} : { market: { atmVol30d: d.market30d } }),
    },
  }));
}

const failure = (currency: string, model: string, variant: string, day: number): SelectionRecord =>
  ({ currency, model, variant, snapshotMs: T0 + day * DAY_MS, ok: false, params: {}, diagnostics: {} });

/**
 * essvi (3 parameters, constant): 1 vp calm, 3 vp in the crash; out of sample 2 vp calm, 6 vp in the crash;
 * a failure on day 6. heston (5 parameters, v0 alternating 0.1 / 0.2): 2 vp and 3 vp out of sample throughout.
 */
function sample(): SelectionRecord[] {
  const crash = [false, false, true, true, false, false];
  const times = [10, 11, 30, 40, 12, 13];
  const essvi = crash.map((c, i): Day => ({ rmse: c ? 3 : 1, inside: c ? 0.5 : 0.8, sticky: i === 0 ? null : c ? 6 : 2, timeMs: times[i]!, params: { a: 1, b: 2, c: 3 } }));
  const heston = crash.map((_, i): Day => ({ rmse: 2, inside: 0.4, sticky: i === 0 ? null : 3, timeMs: 100, params: { v0: i % 2 === 0 ? 0.1 : 0.2, kappa: 2, theta: 0.3, sigma: 1, rho: -0.5 } }));
  // Out of time order, with another currency first: the rows must still come out sorted.
  return [...records('ETH', 'heston', 'plain', heston), ...records('BTC', 'heston', 'plain', heston).reverse(), ...records('BTC', 'essvi', 'plain', essvi), failure('BTC', 'essvi', 'plain', 6)];
}

/** BIC of one fit with the module's Gaussian-error formula: m ln(RMSE²) + p ln m, RMSE as a decimal vol. */
const bic = (rmseVolPoints: number, parameters: number): number => QUOTES * Math.log((rmseVolPoints / 100) ** 2) + parameters * Math.log(QUOTES);
const aic = (rmseVolPoints: number, parameters: number): number => QUOTES * Math.log((rmseVolPoints / 100) ** 2) + 2 * parameters;

function only(rows: readonly ModelSelectionRow[], currency: string, period: string, model: string): ModelSelectionRow {
  const found = rows.filter((r) => r.currency === currency && r.period === period && r.model === model);
  assert.equal(found.length, 1, `${currency} ${period} ${model}`);
  return found[0]!;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${String(actual)} ≠ ${String(expected)}`);
}

test('modelSelection gives one row per currency, period, model and variant, ordered, with periods all, calm and each window', () => {
  const rows = modelSelection(sample(), WINDOWS);
  assert.deepEqual(rows.map((r) => `${r.currency} ${r.period} ${r.model} ${r.variant}`), [
    'BTC all essvi plain', 'BTC all heston plain',
    'BTC calm essvi plain', 'BTC calm heston plain',
    'BTC crash essvi plain', 'BTC crash heston plain',
    'ETH all heston plain', 'ETH calm heston plain', 'ETH crash heston plain',
  ]);
});

test('modelSelection means each figure over the period\'s snapshots, counting failures apart', () => {
  const rows = modelSelection(sample(), WINDOWS);
  const all = only(rows, 'BTC', 'all', 'essvi');
  assert.equal(all.calibrations, 7);
  assert.equal(all.failures, 1);
  close(all.meanRmseVolPoints, (1 + 1 + 3 + 3 + 1 + 1) / 6, 'in-sample RMSE');
  close(all.meanInsideShare, (0.8 * 4 + 0.5 * 2) / 6, 'inside share');
  close(all.oosStickyMoneyness, (2 + 6 + 6 + 2 + 2) / 5, 'OOS sticky moneyness (day 0 has none)');
  close(all.oosResidualCorrected, 1.5, 'OOS residual-corrected');
  close(all.oosNaive, 2.5, 'naive');
  close(all.meanAic, (4 * aic(1, 3) + 2 * aic(3, 3)) / 6, 'AIC');
  close(all.meanBic, (4 * bic(1, 3) + 2 * bic(3, 3)) / 6, 'BIC');
  close(all.medianTimeMs, (12 + 13) / 2, 'median time');
  close(all.stabilityScore, 0, 'constant parameters');

  const calm = only(rows, 'BTC', 'calm', 'essvi');
  assert.deepEqual([calm.calibrations, calm.failures], [5, 1]);
  close(calm.meanRmseVolPoints, 1, 'calm RMSE');
  close(calm.oosStickyMoneyness, 2, 'calm OOS');
  close(calm.medianTimeMs, (11 + 12) / 2, 'calm median time');

  const crash = only(rows, 'BTC', 'crash', 'essvi');
  assert.deepEqual([crash.calibrations, crash.failures], [2, 0]);
  close(crash.meanRmseVolPoints, 3, 'crash RMSE');
  close(crash.meanInsideShare, 0.5, 'crash inside');
  close(crash.medianTimeMs, 35, 'crash median time');

  // heston: v0 moves 0.1 a day around a median level of 0.15, its four other parameters not at all.
  close(only(rows, 'BTC', 'all', 'heston').stabilityScore, 0.1 / 0.15 / 5, 'heston stability score');
});

test('modelSelection marks the best series of each currency and period by out-of-sample error and by BIC', () => {
  const rows = modelSelection(sample(), WINDOWS);
  const best = (currency: string, period: string, flag: 'bestOutOfSample' | 'bestBic'): string[] =>
    rows.filter((r) => r.currency === currency && r.period === period && r[flag]).map((r) => r.model);
  // Out of sample: heston's 3 vp against essvi's 3.6 vp over all, 2 vp when calm, 6 vp in the crash.
  assert.deepEqual(best('BTC', 'all', 'bestOutOfSample'), ['heston']);
  assert.deepEqual(best('BTC', 'calm', 'bestOutOfSample'), ['essvi']);
  assert.deepEqual(best('BTC', 'crash', 'bestOutOfSample'), ['heston']);
  // BIC: essvi's 1 vp with 3 parameters beats heston's 2 vp with 5 until the crash takes essvi to 3 vp.
  assert.ok(bic(1, 3) < bic(2, 5) && bic(3, 3) > bic(2, 5) && (4 * bic(1, 3) + 2 * bic(3, 3)) / 6 < bic(2, 5));
  assert.deepEqual(best('BTC', 'all', 'bestBic'), ['essvi']);
  assert.deepEqual(best('BTC', 'calm', 'bestBic'), ['essvi']);
  assert.deepEqual(best('BTC', 'crash', 'bestBic'), ['heston']);
  // Alone in its currency, a series is the best of it.
  assert.ok(only(rows, 'ETH', 'all', 'heston').bestOutOfSample && only(rows, 'ETH', 'all', 'heston').bestBic);
});

test('modelSelection marks every tied series, and none when no series has an out-of-sample score', () => {
  const day: Day = { rmse: 1, inside: 0.5, sticky: 2, timeMs: 5, params: { a: 1 } };
  const tied = modelSelection([...records('BTC', 'essvi', 'plain', [day, day]), ...records('BTC', 'essvi', 'regularised', [day, day])], []);
  assert.deepEqual(tied.map((r) => [r.variant, r.bestOutOfSample, r.bestBic]), [['plain', true, true], ['regularised', true, true]]);
  const first = modelSelection(records('BTC', 'essvi', 'plain', [{ ...day, sticky: null }]), []);
  assert.equal(first.length, 1);
  assert.ok(Number.isNaN(first[0]!.oosStickyMoneyness));
  assert.equal(first[0]!.bestOutOfSample, false);
});

test('modelSelection without windows has the one period all; a series absent from a window has no row there', () => {
  assert.deepEqual(modelSelection(sample(), []).map((r) => r.period), ['all', 'all', 'all']);
  const early = records('BTC', 'essvi', 'plain', [{ rmse: 1, inside: 0.5, sticky: null, timeMs: 5, params: { a: 1 } }]);
  assert.deepEqual(modelSelection(early).map((r) => r.period), ['all', 'calm']);
});

test('modelSelection refuses a window labelled all or calm, or two windows with one label', () => {
  assert.throws(() => modelSelection(sample(), [{ label: 'all', fromMs: 0, toMs: 1 }]), /'all' is reserved or repeated/);
  assert.throws(() => modelSelection(sample(), [...WINDOWS, ...WINDOWS]), /'crash' is reserved or repeated/);
});

test('the default window is the Feb 2026 crash, 29 Jan to 8 Feb inclusive', () => {
  assert.deepEqual(DEFAULT_PERIOD_WINDOWS, [{ label: 'crash', fromMs: Date.parse('2026-01-29T00:00:00Z'), toMs: Date.parse('2026-02-09T00:00:00Z') }]);
  const at = (iso: string): SelectionRecord => ({ ...records('BTC', 'essvi', 'plain', [{ rmse: 1, inside: 0.5, sticky: null, timeMs: 5, params: { a: 1 } }])[0]!, snapshotMs: Date.parse(iso) });
  const rows = modelSelection([at('2026-01-28T23:59:59Z'), at('2026-01-29T00:00:00Z'), at('2026-02-08T23:59:59Z'), at('2026-02-09T00:00:00Z')]);
  assert.deepEqual(rows.map((r) => [r.period, r.calibrations]), [['all', 4], ['calm', 2], ['crash', 2]]);
});

test('stabilityRatios divides the plain series\' median |Δp| by the regularised one\'s, per parameter', () => {
  const day = (params: Record<string, number>): Day => ({ rmse: 1, inside: 0.5, sticky: 2, timeMs: 5, params });
  const plain = [0, 1, 2, 3].map((i) => ({ ...day({ v0: i % 2 === 0 ? 0.1 : 0.2, kappa: i % 2 === 0 ? 2 : 3, rho: -0.5, atmVol30d: 0.5 + 0.01 * i }), market30d: 0.5 + 0.02 * i }));
  const regularised = [0, 1, 2, 3].map((i) => day({ v0: i % 2 === 0 ? 0.1 : 0.15, kappa: i % 2 === 0 ? 2 : 2.25, rho: -0.5 }));
  const rows = stabilityRatios([
    ...records('BTC', 'heston', 'plain', plain),
    ...records('BTC', 'heston', 'regularised', regularised),
    // No regularised series: no rows.
    ...records('BTC', 'essvi', 'plain', plain),
  ]);
  assert.deepEqual(rows.map((r) => [r.currency, r.model, r.parameter]), [['BTC', 'heston', 'v0'], ['BTC', 'heston', 'kappa'], ['BTC', 'heston', 'rho']]);
  // The market yardstick is read from the plain series' diagnostics, for the parameter of the same name only.
  const withMarket = stabilityRatios([
    ...records('BTC', 'essvi', 'plain', plain),
    ...records('BTC', 'essvi', 'regularised', plain),
  ]);
  close(withMarket.find((r) => r.parameter === 'atmVol30d')!.marketMedianAbsChange, 0.02, 'market atmVol30d');
  assert.ok(Number.isNaN(withMarket.find((r) => r.parameter === 'v0')!.marketMedianAbsChange), 'no yardstick for v0');
  close(rows[0]!.plainMedianAbsChange, 0.1, 'v0 plain');
  close(rows[0]!.regularisedMedianAbsChange, 0.05, 'v0 regularised');
  close(rows[0]!.ratio, 2, 'v0 ratio');
  close(rows[1]!.ratio, 4, 'kappa ratio');
  assert.ok(Number.isNaN(rows[2]!.ratio), 'rho moves in neither: 0 / 0');
  const table = stabilityRatioTable(rows);
  assert.deepEqual(table.rows[1]?.slice(0, 6), ['BTC', 'heston', 'kappa', 1, 0.25, 4]);
  assert.match(markdownTable(table), /\| BTC \| heston \| rho \| 0 \| 0 \| – \| – \|/);
});

test('modelSelectionTables makes one table per currency with the figures and the best marked', () => {
  const tables = modelSelectionTables(modelSelection(sample(), WINDOWS));
  assert.deepEqual(tables.map((t) => [t.title, t.rows.length]), [['Model selection · BTC', 6], ['Model selection · ETH', 3]]);
  const btc = tables[0]!;
  const column = (name: string): number => btc.columns.indexOf(name);
  const calmEssvi = btc.rows[2]!;
  assert.deepEqual([calmEssvi[column('period')], calmEssvi[column('model')], calmEssvi[column('calibrations')], calmEssvi[column('failed')]], ['calm', 'essvi', 5, 1]);
  assert.equal(calmEssvi[column('inside spread %')], 80);
  assert.equal(calmEssvi[column('best by')], 'OOS error, BIC');
  assert.equal(btc.rows[4]![column('best by')], '', 'essvi in the crash is best by neither');
  assert.equal(btc.rows[5]![column('best by')], 'OOS error, BIC');
  assert.equal(btc.decimals?.length, btc.columns.length);
});

test('markdownTable prints decimals with trailing zeros, a dash for non-finite numbers and escapes pipes', () => {
  const text = markdownTable({ title: 'T | 1', columns: ['name', 'x', 'n'], decimals: [null, 2, null], rows: [['a|b', 3, 7], ['c', Number.NaN, Number.POSITIVE_INFINITY]] });
  assert.equal(text, '### T \\| 1\n\n| name | x | n |\n|---|---|---|\n| a\\|b | 3.00 | 7 |\n| c | – | – |\n');
});
