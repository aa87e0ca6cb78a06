/**
 * Time to expiry. volcal counts time in years of 365 days of clock time (ACT/365 on the instant, not on
 * dates): T = (expiry − valuation) / (365 × 86 400 000 ms). Deribit's own mark IVs are reproduced with
 * this count (median error about 1e-5 in vol on the znmahbub snapshots, see ../shared/data/README.md);
 * a 365.25-day year does not reproduce them. Weekends and holidays count: crypto trades all the time.
 */

export const MS_PER_DAY = 86_400_000;
export const MS_PER_YEAR = 365 * MS_PER_DAY;

/** Year fraction between two UTC instants (ms), ACT/365 clock time; negative if `toMs` is earlier. */
export function yearFraction(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / MS_PER_YEAR;
}

/** ISO-8601 UTC text of an instant, for reports (`2026-03-27T08:00:00.000Z`). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
