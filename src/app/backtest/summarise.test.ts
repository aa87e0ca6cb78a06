import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summariseSeries, type SummaryRecord } from './summarise.ts';

const record = (day: number, diagnostics: Record<string, unknown>): SummaryRecord => ({
  snapshotMs: Date.UTC(2026, 0, 1 + day),
  ok: true,
  params: { atmVol30d: 0.5, rho30d: -0.2 },
  diagnostics: { statistics: { quotes: 100, rmseVolPoints: 2, insideSpreadShare: 0.6 }, timeMs: 5, ...diagnostics },
});

test('the information criteria count the stored free parameters, or the reported ones when none is stored', () => {
  // m = 100 quotes, RMSE 2 vol points = 0.02: m·ln(0.02²) = 100·ln(4e-4).
  const fit = 100 * Math.log(4e-4);
  const stored = summariseSeries([record(0, { parameterCount: 36 })]);
  assert.ok(Math.abs(stored.meanAic - (fit + 2 * 36)) < 1e-9);
  assert.ok(Math.abs(stored.meanBic - (fit + 36 * Math.log(100))) < 1e-9);
  const older = summariseSeries([record(0, {})]);
  assert.ok(Math.abs(older.meanAic - (fit + 2 * 2)) < 1e-9, 'two reported parameters');
});

test('the market yardstick is the median day-over-day change of the stored model-free ATM vols', () => {
  const series = [0.5, 0.52, 0.49, 0.5].map((v, day) => record(day, { market: { atmVol30d: v, atmVol7d: null } }));
  const market = summariseSeries(series).marketStability.parameters;
  assert.deepEqual(market.map((p) => p.name), ['atmVol30d']);
  // |Δ| = 0.02, 0.03, 0.01: median 0.02.
  assert.ok(Math.abs(market[0]!.medianAbsChange - 0.02) < 1e-12);
});
