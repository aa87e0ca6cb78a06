/**
 * Number formatting for the report. Never prints `NaN`, `Infinity` or `undefined`: an absent or non-finite
 * value is an en dash, so a malformed document shows gaps, not garbage. Vols are annualised decimals
 * (docs/conventions.md); shares are fractions in [0, 1]; times to expiry are years of 365 days.
 */

export const MISSING = '–';

/** `x` with fixed decimals, or the dash. */
export function num(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? MISSING : x.toFixed(digits);
}

/** A share (0.917) as a percentage (`91.7%`). */
export function percent(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined || !Number.isFinite(share) ? MISSING : `${(share * 100).toFixed(digits)}%`;
}

/** Years to expiry as days: two decimals under ten days (intraday matters there), one above. */
export function days(years: number): string {
  const d = years * 365;
  return num(d, Math.abs(d) < 10 ? 2 : 1);
}

/** A small or large quantity in scientific notation, a moderate one with four significant digits. */
export function compact(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e5) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/** A strike or forward for an axis label: 62500 → `62.5k`, 3250 → `3250`, 0.85 → `0.85`. */
export function strikeLabel(strike: number): string {
  if (!Number.isFinite(strike)) return MISSING;
  if (Math.abs(strike) >= 10000) return `${String(Number((strike / 1000).toPrecision(4)))}k`;
  return String(Number(strike.toPrecision(4)));
}

/** A price in full with thousands separators (the forward in a chart title). */
export function price(x: number): string {
  if (!Number.isFinite(x)) return MISSING;
  const digits = Math.abs(x) >= 1000 ? 0 : Math.abs(x) >= 1 ? 2 : 4;
  const [whole = '', fraction] = Math.abs(x).toFixed(digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
