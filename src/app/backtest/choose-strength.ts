/**
 * The regularisation strength λ of a series, chosen by out-of-sample validation, not by hand: the series
 * is replayed over a validation window (the first snapshots of the backtest) once per candidate λ, each
 * as its own warm-started series, and the largest λ is kept whose
 * - out-of-sample error (sticky-moneyness RMSE against the next snapshot's mids, mean over the window) is
 *   no higher than the unregularised series', and
 * - in-sample share inside the spread is at most MAX_INSIDE_LOSS below the unregularised series'.
 * The largest such λ gives the stablest parameters the data allow (stability rises with λ). With none,
 * λ = 0. Deterministic: the window and the grid fix the answer.
 */
import { runTask, type SnapshotRef } from './run-task.ts';
import type { CalibrationRecord } from '../../store/history-store.ts';
import type { BacktestModelName } from './series-models.ts';
import { summariseSeries, type SeriesSummary } from './summarise.ts';

export const STRENGTH_GRID = [0, 0.01, 0.1, 0.3, 1, 3, 10] as const;
export const MAX_INSIDE_LOSS = 0.02;
export const VALIDATION_SNAPSHOTS = 30;

export interface StrengthChoice {
  readonly strength: number;
  readonly candidates: readonly { readonly strength: number; readonly summary: SeriesSummary }[];
  readonly window: { readonly fromMs: number; readonly toMs: number; readonly snapshots: number };
}

export async function chooseStrength(
  source: string,
  currency: string,
  model: BacktestModelName,
  snapshots: readonly SnapshotRef[],
  clock: () => number,
  grid: readonly number[] = STRENGTH_GRID,
): Promise<StrengthChoice> {
  const window = snapshots.slice(0, VALIDATION_SNAPSHOTS);
  const variants = grid.map((strength) => ({ name: `lambda=${strength}`, strength, stored: new Map() }));
  const records: CalibrationRecord[] = [];
  await runTask({ source, currency, model, variants, snapshots: window, volcalVersion: 'validation' }, (r) => records.push(r), clock);
  const candidates = grid.map((strength) => ({
    strength,
    summary: summariseSeries(records.filter((r) => r.variant === `lambda=${strength}`)),
  }));
  const plain = candidates.find((c) => c.strength === 0)?.summary;
  let strength = 0;
  if (plain !== undefined) {
    for (const c of candidates) {
      const s = c.summary;
      const oosOk = s.oosStickyMoneyness <= plain.oosStickyMoneyness;
      const insideOk = s.meanInsideShare >= plain.meanInsideShare - MAX_INSIDE_LOSS;
      if (oosOk && insideOk && c.strength > strength) strength = c.strength;
    }
  }
  const times = records.map((r) => r.snapshotMs);
  return {
    strength,
    candidates,
    window: { fromMs: Math.min(...times), toMs: Math.max(...times), snapshots: window.length },
  };
}
