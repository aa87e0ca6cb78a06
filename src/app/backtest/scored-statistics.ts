import type { SmileFitStatistics } from '../../core/calibration/calibrate-smile.ts';
import { pooledStatistics } from '../../core/calibration/calibrate-model.ts';

const ONE_DAY_YEARS = 1 / 365;

/**
 * A fit's statistics pooled over its expiries of a day or more, the set every backtest model is scored on
 * (the stochastic models fit no shorter expiry; issue 3's inside-spread bar counts the same), so that the
 * in-sample errors and information criteria of different models count the same quotes. A fit with no
 * such expiry (none on the data so far) is scored on all of them rather than on none.
 */
export function statisticsFromADay(perExpiry: readonly { readonly timeToExpiryYears: number; readonly statistics: SmileFitStatistics }[]): SmileFitStatistics {
  const fromADay = perExpiry.filter((e) => e.timeToExpiryYears >= ONE_DAY_YEARS);
  return pooledStatistics((fromADay.length > 0 ? fromADay : perExpiry).map((e) => e.statistics));
}

