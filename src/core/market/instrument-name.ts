/**
 * Instrument names → contract terms. Pure: no clock, no time zone of the machine, no `Intl`; only
 * `Date.UTC` arithmetic. Failures are values (`{ ok: false, reason }`), never exceptions.
 *
 * Deribit (https://docs.deribit.com, "Instrument naming"):
 * - options `BTC-27MAR26-90000-C`, `ETH-9JAN24-2200-P` (day has 1 or 2 digits), linear
 *   `XRP_USDC-30JAN26-0d625-C` (`d` is the decimal point in a strike);
 * - dated futures `BTC-27MAR26`, Deribit's synthetic forwards `SYN.BTC-16JAN26`, perpetuals `BTC-PERPETUAL`.
 * - Every Deribit expiry is 08:00 UTC on the named date.
 *
 * OCC option symbols (OCC "Symbology Initiative", 2010), also used by Yahoo without the padding:
 * `SPXW260206C06900000` = root `SPXW`, expiry 2026-02-06, call, strike 06900000 / 1000 = 6900.
 * The symbol names only the date; the instant comes from the settlement style of the root:
 * - AM-settled (SPX, NDX, RUT, DJX, VIX monthlies): the settlement value is computed from the opening
 *   prints of the expiry day, so the option stops being live at the 09:30 New York open;
 * - PM-settled (SPXW, everything else, including equities): 16:00 New York time.
 * New York time is converted to UTC with the US daylight-saving rule written out below
 * (`newYorkToUtcMs`), so the result never depends on the machine's TZ.
 */

import type { OptionType, UnderlyingKind } from './option-quote.ts';

export type NameResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** An option's contract terms as read from its name. */
export interface OptionName {
  /** Underlying asset (`BTC`, `XRP`, `SPX`). */
  readonly currency: string;
  /** Currency the option settles and is quoted in: the coin itself for Deribit inverse options,
   * `USDC` for Deribit linear options, `USD` for OCC options. */
  readonly settleCurrency: string;
  /** Expiry instant, UTC ms. */
  readonly expiryMs: number;
  /** Strike in the quote currency, > 0. */
  readonly strike: number;
  readonly type: OptionType;
}

export interface DeribitOptionName extends OptionName {
  readonly kind: 'option';
}

/** A Deribit future-like name: a dated future, a synthetic forward, or a perpetual (`expiryMs` null). */
export interface DeribitFutureName {
  readonly kind: 'future';
  readonly currency: string;
  readonly settleCurrency: string;
  readonly expiryMs: number | null;
  readonly style: 'dated' | 'synthetic' | 'perpetual';
}

export type DeribitInstrumentName = DeribitOptionName | DeribitFutureName;

export interface OccOptionName extends OptionName {
  /** OCC root symbol as written (`SPXW`, `SPX`). */
  readonly root: string;
  readonly settlement: 'am' | 'pm';
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAY_MS = 86_400_000;
const DERIBIT_EXPIRY_HOUR_UTC = 8;

const DERIBIT_OPTION = /^([A-Z0-9]+)(?:_([A-Z0-9]+))?-(\d{1,2}[A-Z]{3}\d{2})-(\d+(?:d\d+)?)-([CP])$/;
const DERIBIT_DATED = /^(SYN\.)?([A-Z0-9]+)(?:_([A-Z0-9]+))?-(\d{1,2}[A-Z]{3}\d{2})$/;
const DERIBIT_PERPETUAL = /^([A-Z0-9]+)(?:_([A-Z0-9]+))?-PERPETUAL$/;
const DERIBIT_DATE = /^(\d{1,2})([A-Z]{3})(\d{2})$/;
const OCC_SYMBOL = /^([A-Z]{1,6}\d?) *(\d{2})(\d{2})(\d{2})([CP])(\d{8})$/;

/** Roots whose options settle on the opening prints (AM); all other roots settle at the close (PM). */
const AM_SETTLED_ROOTS: ReadonlySet<string> = new Set(['SPX', 'NDX', 'RUT', 'DJX', 'VIX']);
/** Weekly / PM-settled roots that are listed on the same index as another root. */
const ROOT_UNDERLYING: ReadonlyMap<string, string> = new Map([
  ['SPXW', 'SPX'],
  ['SPXPM', 'SPX'],
  ['NDXP', 'NDX'],
  ['RUTW', 'RUT'],
  ['VIXW', 'VIX'],
]);

/** `27MAR26` → 2026-03-27T08:00:00Z in ms. */
export function parseDeribitExpiry(code: string): NameResult<number> {
  const match = DERIBIT_DATE.exec(code);
  if (match === null) return fail(`expected an expiry like 27MAR26 (day, month, 2-digit year)`);
  const [, dayText, monthText, yearText] = match as unknown as [string, string, string, string];
  const month = MONTHS.indexOf(monthText as (typeof MONTHS)[number]);
  if (month < 0) return fail(`unknown month '${monthText}'`);
  const year = 2000 + Number(yearText);
  const day = Number(dayText);
  if (day < 1 || day > daysInMonth(year, month)) return fail(`${monthText} ${year} has no day ${day}`);
  return ok(Date.UTC(year, month, day, DERIBIT_EXPIRY_HOUR_UTC));
}

export function parseDeribitOptionName(name: string): NameResult<DeribitOptionName> {
  const match = DERIBIT_OPTION.exec(name);
  if (match === null) return fail('expected a Deribit option name like BTC-27MAR26-90000-C');
  const [, base, settle, expiryCode, strikeText, typeLetter] = match as unknown as [
    string,
    string,
    string | undefined,
    string,
    string,
    string,
  ];
  const expiry = parseDeribitExpiry(expiryCode);
  if (!expiry.ok) return expiry;
  const strike = Number(strikeText.replace('d', '.'));
  if (!(strike > 0) || !Number.isFinite(strike)) return fail(`strike must be positive, got '${strikeText}'`);
  return ok({
    kind: 'option',
    currency: base,
    settleCurrency: settle ?? base,
    expiryMs: expiry.value,
    strike,
    type: typeLetter === 'C' ? 'call' : 'put',
  });
}

export function parseDeribitFutureName(name: string): NameResult<DeribitFutureName> {
  const perpetual = DERIBIT_PERPETUAL.exec(name);
  if (perpetual !== null) {
    const [, base, settle] = perpetual as unknown as [string, string, string | undefined];
    return ok({ kind: 'future', currency: base, settleCurrency: settle ?? base, expiryMs: null, style: 'perpetual' });
  }
  const dated = DERIBIT_DATED.exec(name);
  if (dated === null) return fail('expected a Deribit future name like BTC-27MAR26, SYN.BTC-16JAN26 or BTC-PERPETUAL');
  const [, synthetic, base, settle, expiryCode] = dated as unknown as [
    string,
    string | undefined,
    string,
    string | undefined,
    string,
  ];
  const expiry = parseDeribitExpiry(expiryCode);
  if (!expiry.ok) return expiry;
  return ok({
    kind: 'future',
    currency: base,
    settleCurrency: settle ?? base,
    expiryMs: expiry.value,
    style: synthetic === undefined ? 'dated' : 'synthetic',
  });
}

/** Any Deribit option or future name. */
export function parseDeribitInstrumentName(name: string): NameResult<DeribitInstrumentName> {
  if (name.endsWith('-C') || name.endsWith('-P')) return parseDeribitOptionName(name);
  const future = parseDeribitFutureName(name);
  if (future.ok) return future;
  return fail('expected a Deribit option (BTC-27MAR26-90000-C) or future (BTC-27MAR26, BTC-PERPETUAL) name');
}

/**
 * What a Deribit `underlying_index` / `underlying_name` refers to: `index_price` is the spot index,
 * `SYN.*` a synthetic forward (including `SYN.EXPIRY`, used in the last minutes before expiry), and a
 * dated or perpetual future name a future. Anything else is unknown (null).
 */
export function classifyDeribitUnderlying(name: string): UnderlyingKind | null {
  if (name === 'index_price') return 'index';
  if (name.startsWith('SYN.') && name.length > 4) return 'synthetic';
  return parseDeribitFutureName(name).ok ? 'future' : null;
}

/** OCC / Yahoo option symbol, root optionally padded with spaces to 6 characters. */
export function parseOccSymbol(symbol: string): NameResult<OccOptionName> {
  const match = OCC_SYMBOL.exec(symbol);
  if (match === null) return fail('expected an OCC option symbol like SPXW260206C06900000 (root, yymmdd, C|P, strike×1000)');
  const [, root, yy, mm, dd, typeLetter, strikeText] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const year = 2000 + Number(yy);
  const month = Number(mm) - 1;
  const day = Number(dd);
  if (month < 0 || month > 11) return fail(`month ${mm} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) return fail(`${year}-${mm} has no day ${dd}`);
  const strike = Number(strikeText) / 1000;
  if (!(strike > 0)) return fail('strike must be positive');
  const settlement = AM_SETTLED_ROOTS.has(root) ? 'am' : 'pm';
  const expiryMs = settlement === 'am' ? newYorkToUtcMs(year, month, day, 9, 30) : newYorkToUtcMs(year, month, day, 16, 0);
  return ok({
    root,
    currency: ROOT_UNDERLYING.get(root) ?? root,
    settleCurrency: 'USD',
    expiryMs,
    strike,
    type: typeLetter === 'C' ? 'call' : 'put',
    settlement,
  });
}

/** A Deribit or OCC option name, whichever it is. */
export function parseOptionName(name: string): NameResult<OptionName> {
  if (name.includes('-')) return parseDeribitOptionName(name);
  return parseOccSymbol(name);
}

/**
 * UTC instant of a New York wall-clock time (America/New_York), month 0-based.
 *
 * US daylight saving (Energy Policy Act of 2005, in force from 2007): EDT (UTC−4) from 02:00 on the second
 * Sunday of March to 02:00 on the first Sunday of November, otherwise EST (UTC−5). From 1987 to 2006 it
 * ran from the first Sunday of April to the last Sunday of October; that rule is used for years before
 * 2007 (wrong before 1987, which no listed option needs). Wall times inside the 02:00–03:00 spring gap or
 * the repeated 01:00–02:00 autumn hour are resolved as if the switch happened at 00:00, which is exact for
 * every time from 02:00 on, so for the market times used here (09:30, 16:00).
 */
export function newYorkToUtcMs(year: number, month: number, day: number, hour: number, minute: number): number {
  const offsetHours = isUsDaylightSavingDate(year, month, day) ? 4 : 5;
  return Date.UTC(year, month, day, hour + offsetHours, minute);
}

/** True when the civil date (month 0-based) is on or after DST start and before DST end. */
export function isUsDaylightSavingDate(year: number, month: number, day: number): boolean {
  const date = Date.UTC(year, month, day);
  const [start, end] =
    year >= 2007
      ? [nthSundayUtc(year, 2, 2), nthSundayUtc(year, 10, 1)]
      : [nthSundayUtc(year, 3, 1), lastSundayUtc(year, 9)];
  return date >= start && date < end;
}

/** Midnight UTC of the n-th Sunday (n ≥ 1) of a month. */
function nthSundayUtc(year: number, month: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const toSunday = (7 - weekdayUtc(first)) % 7;
  return first + (toSunday + 7 * (n - 1)) * DAY_MS;
}

function lastSundayUtc(year: number, month: number): number {
  const last = Date.UTC(year, month, daysInMonth(year, month));
  return last - weekdayUtc(last) * DAY_MS;
}

/** 0 = Sunday; 1970-01-01 was a Thursday (4). */
function weekdayUtc(midnightMs: number): number {
  return (((Math.floor(midnightMs / DAY_MS) + 4) % 7) + 7) % 7;
}

function daysInMonth(year: number, month: number): number {
  return (Date.UTC(year, month + 1, 1) - Date.UTC(year, month, 1)) / DAY_MS;
}

function ok<T>(value: T): NameResult<T> {
  return { ok: true, value };
}

function fail(reason: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason };
}
