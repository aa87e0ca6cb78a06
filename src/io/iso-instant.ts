/**
 * ISO-8601 instants → UTC epoch ms. A zone (Z or an offset) is required: a wall time without one is
 * ambiguous and is reported, never guessed (STYLE.md §6). Accepts `T` or a space between date and time
 * (pandas writes `2026-01-30 16:45:44+00:00`), fractional seconds of any length (truncated to ms), and
 * offsets as `+00:00`, `+0000` or `+00`. Pure; uses only `Date.UTC`.
 */

export type InstantResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function parseIsoInstant(text: string): InstantResult {
  const match = INSTANT.exec(text.trim());
  if (match === null) {
    if (DATE_ONLY.test(text.trim())) return fail('a date without a time and zone; expected an instant like 2026-03-27T08:00:00Z');
    return fail('expected an ISO-8601 instant like 2026-03-27T08:00:00Z');
  }
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offH, offM] = match;
  if (zulu === undefined && sign === undefined) return fail('date-time without a time zone; add Z or an offset like +00:00');
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (year < 1900) return fail(`year ${y ?? ''} is out of range`);
  if (month < 0 || month > 11) return fail(`month ${mo ?? ''} does not exist`);
  const daysInMonth = (Date.UTC(year, month + 1, 1) - Date.UTC(year, month, 1)) / 86_400_000;
  if (day < 1 || day > daysInMonth) return fail(`day ${d ?? ''} does not exist in ${y ?? ''}-${mo ?? ''}`);
  if (hour > 23 || minute > 59 || second > 59) return fail('time of day out of range');
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (sign !== undefined) {
    const oh = Number(offH);
    const om = offM === undefined ? 0 : Number(offM);
    if (oh > 23 || om > 59) return fail('time-zone offset out of range');
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return { ok: true, value: Date.UTC(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000 };
}

function fail(reason: string): InstantResult {
  return { ok: false, reason };
}
