/**
 * Tables of a stored backtest (docs/backtest.md): per currency, model, variant and period (calm days,
 * the 29 Jan – 8 Feb 2026 crash window), in-sample fit, out-of-sample scores beside the naive predictor,
 * stability and time, and the regularised/plain stability ratio per parameter. Prints markdown.
 *
 *   npm exec -- node scripts/backtest-tables.ts <db>
 */
import { openHistoryStore } from '../src/store/open-store.ts';
import { summariseSeries, type SeriesSummary } from '../src/app/backtest/summarise.ts';
import type { StoredCalibration } from '../src/store/history-store.ts';

const CRASH = { fromMs: Date.UTC(2026, 0, 29), toMs: Date.UTC(2026, 1, 9) };
const db = process.argv[2] ?? 'volcal-history.sqlite';
const store = await openHistoryStore(db);
const records = await store.list({});
await store.close();

const groups = new Map<string, StoredCalibration[]>();
for (const r of records) {
  const key = `${r.currency}|${r.model}|${r.variant}`;
  const list = groups.get(key) ?? [];
  list.push(r);
  groups.set(key, list);
}
const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');
const p = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–');
const inCrash = (r: StoredCalibration): boolean => r.snapshotMs >= CRASH.fromMs && r.snapshotMs < CRASH.toMs;

console.log('| currency | model | variant | period | calibrations | failed | full / fallback | in-sample RMSE vp | inside spread | OOS sticky-moneyness vp | OOS sticky-strike vp | OOS residual-corrected vp | naive vp | OOS inside (corrected / naive) | stability score | mean AIC | median ms |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const summaries = new Map<string, SeriesSummary>();
for (const [key, list] of [...groups.entries()].sort()) {
  const [currency, model, variant] = key.split('|');
  for (const [period, subset] of [['all', list], ['calm', list.filter((r) => !inCrash(r))], ['crash', list.filter(inCrash)]] as const) {
    const s = summariseSeries(subset);
    summaries.set(`${key}|${period}`, s);
    console.log(`| ${currency} | ${model} | ${variant} | ${period} | ${s.calibrations} | ${s.failures} | ${s.full} / ${s.fallbacks} | ${f(s.meanRmseVolPoints)} | ${p(s.meanInsideShare)} | ${f(s.oosStickyMoneyness)} | ${f(s.oosStickyStrike)} | ${f(s.oosResidualCorrected)} | ${f(s.oosNaive)} | ${p(s.oosInsideResidualCorrected)} / ${p(s.oosInsideNaive)} | ${f(s.stability.score, 4)} | ${f(s.meanAic, 0)} | ${f(s.medianTimeMs, 0)} |`);
  }
}
console.log('\nDay-over-day change, median |Δp|, plain → regularised (ratio), all snapshots:\n');
console.log('| currency | model | parameter | plain | regularised | ratio |');
console.log('|---|---|---|---|---|---|');
for (const [key] of [...groups.entries()].sort()) {
  const [currency, model, variant] = key.split('|');
  if (variant !== 'plain') continue;
  const plain = summaries.get(`${currency}|${model}|plain|all`);
  const reg = summaries.get(`${currency}|${model}|regularised|all`);
  if (plain === undefined || reg === undefined) continue;
  for (const a of plain.stability.parameters) {
    const b = reg.stability.parameters.find((x) => x.name === a.name);
    if (b === undefined) continue;
    console.log(`| ${currency} | ${model} | ${a.name} | ${a.medianAbsChange.toPrecision(3)} | ${b.medianAbsChange.toPrecision(3)} | ${f(a.medianAbsChange / b.medianAbsChange)}× |`);
  }
}
