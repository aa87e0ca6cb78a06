/**
 * Figures of one calibration series from its records: in-sample fit, out-of-sample scores beside the
 * naive predictor's, stability, policy counts and time — the rows of the backtest's tables
 * (docs/backtest.md) and of the strength choice (choose-strength.ts). Pooled figures weight each snapshot
 * equally (means of per-snapshot figures), so a snapshot with many quotes does not dominate.
 */
import { parameterStability, median, type StabilityReport } from '../../core/refine/stability.ts';

export interface SummaryRecord {
  readonly snapshotMs: number;
  readonly ok: boolean;
  readonly params: Readonly<Record<string, number>>;
  readonly diagnostics: Readonly<Record<string, unknown>>;
}

export interface SeriesSummary {
  readonly calibrations: number;
  readonly failures: number;
  readonly full: number;
  readonly fallbacks: number;
  readonly meanRmseVolPoints: number;
  readonly meanInsideShare: number;
  /** Snapshots with out-of-sample scores, and the mean RMSE (vol points) of each predictor over them. */
  readonly outOfSampleSnapshots: number;
  readonly oosStickyMoneyness: number;
  readonly oosStickyStrike: number;
  readonly oosResidualCorrected: number;
  readonly oosNaive: number;
  readonly oosInsideStickyMoneyness: number;
  readonly oosInsideResidualCorrected: number;
  readonly oosInsideNaive: number;
  readonly stability: StabilityReport;
  /**
   * The same figures for the quotes' own constant-maturity ATM vol (diagnostics.market.atmVol7d/30d/90d,
   * model-free: src/core/refine/market-atm-vol.ts): how much the market itself moved day over day.
   */
  readonly marketStability: StabilityReport;
  readonly medianTimeMs: number;
  /** Information criteria of the mean fit (Gaussian errors in vol): AIC = m ln(RSS/m) + 2p, BIC with p ln m. */
  readonly meanAic: number;
  readonly meanBic: number;
}

export function summariseSeries(records: readonly SummaryRecord[]): SeriesSummary {
  const sorted = [...records].sort((a, b) => a.snapshotMs - b.snapshotMs);
  const ok = sorted.filter((r) => r.ok);
  const stats = ok.map((r) => obj(r.diagnostics.statistics));
  const oos = ok.map((r) => obj(r.diagnostics.outOfSample)).filter((o) => Object.keys(o).length > 0);
  const oosOf = (name: string, field: string): number => mean(oos.map((o) => num(obj(o[name])[field])));
  const aic: number[] = [];
  const bic: number[] = [];
  for (const [i, r] of ok.entries()) {
    const m = num(stats[i]!.quotes);
    const rmse = num(stats[i]!.rmseVolPoints) / 100;
    // Free parameters of the fit (stored since the information criteria needed them; older records: the
    // reported ones).
    const stored = num(r.diagnostics.parameterCount);
    const p = stored > 0 ? stored : Object.keys(r.params).length;
    if (m > 0 && rmse > 0) {
      aic.push(m * Math.log(rmse * rmse) + 2 * p);
      bic.push(m * Math.log(rmse * rmse) + p * Math.log(m));
    }
  }
  return {
    calibrations: sorted.length,
    failures: sorted.length - ok.length,
    full: ok.filter((r) => obj(r.diagnostics.policy).mode === 'full').length,
    fallbacks: ok.filter((r) => obj(r.diagnostics.policy).fallback != null).length,
    meanRmseVolPoints: mean(stats.map((s) => num(s.rmseVolPoints))),
    meanInsideShare: mean(stats.map((s) => num(s.insideSpreadShare))),
    outOfSampleSnapshots: oos.length,
    oosStickyMoneyness: oosOf('stickyMoneyness', 'rmseVolPoints'),
    oosStickyStrike: oosOf('stickyStrike', 'rmseVolPoints'),
    oosResidualCorrected: oosOf('residualCorrected', 'rmseVolPoints'),
    oosNaive: oosOf('naive', 'rmseVolPoints'),
    oosInsideStickyMoneyness: oosOf('stickyMoneyness', 'insideSpreadShare'),
    oosInsideResidualCorrected: oosOf('residualCorrected', 'insideSpreadShare'),
    oosInsideNaive: oosOf('naive', 'insideSpreadShare'),
    stability: parameterStability(sorted),
    marketStability: parameterStability(sorted.map((r) => ({ ok: r.ok, params: marketLevels(r.diagnostics) }))),
    medianTimeMs: median(ok.map((r) => num(r.diagnostics.timeMs))),
    meanAic: mean(aic),
    meanBic: mean(bic),
  };
}

function marketLevels(diagnostics: Readonly<Record<string, unknown>>): Record<string, number> {
  const market = obj(diagnostics.market);
  const levels: Record<string, number> = {};
  for (const name of ['atmVol7d', 'atmVol30d', 'atmVol90d']) {
    const value = num(market[name]);
    if (Number.isFinite(value)) levels[name] = value;
  }
  return levels;
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
}
