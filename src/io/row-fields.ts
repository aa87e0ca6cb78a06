/**
 * Typed reads of one row's fields, each bad value becoming a located issue. A reader opens a
 * {@link RowScope} per row, reads fields through these functions, and rejects the row when the scope has
 * an error. Numbers use a strict decimal syntax: `NaN`, `Infinity`, hex, `1,5` and empty strings where a
 * value is required are all reported, so no NaN or Infinity ever reaches a quote.
 */

import { parseIsoInstant } from './iso-instant.ts';
import { rowError, rowWarning, type ReadIssue } from './read-issue.ts';

export interface RowScope {
  readonly file: string;
  readonly line: number;
  readonly issues: ReadIssue[];
}

export function openRow(file: string, line: number): RowScope {
  return { file, line, issues: [] };
}

export function rowHasError(scope: RowScope): boolean {
  return scope.issues.some((issue) => issue.severity === 'error');
}

export function reportError(scope: RowScope, column: string, reason: string, value?: string): void {
  scope.issues.push(rowError(scope.file, scope.line, column, reason, value));
}

export function reportWarning(scope: RowScope, column: string, reason: string, value?: string): void {
  scope.issues.push(rowWarning(scope.file, scope.line, column, reason, value));
}

/** Largest magnitude accepted for any price, strike or size; beyond it a value is garbage, and it would
 * overflow downstream (premium × forward). */
export const MAX_MAGNITUDE = 1e15;
/** Epoch-ms timestamps must fall in [2000-01-01, 2100-01-01). */
export const MIN_EPOCH_MS = Date.UTC(2000, 0, 1);
export const MAX_EPOCH_MS = Date.UTC(2100, 0, 1);

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Strict decimal → number; undefined when the text is not a decimal literal. */
export function parseDecimal(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}

export type Bound = 'any' | 'nonNegative' | 'positive';

export interface NumberRule {
  readonly bound: Bound;
  /** Missing or empty: an error when required, else null. */
  readonly required: boolean;
}

export const OPTIONAL_PRICE: NumberRule = { bound: 'nonNegative', required: false };
export const OPTIONAL_POSITIVE: NumberRule = { bound: 'positive', required: false };
export const REQUIRED_POSITIVE: NumberRule = { bound: 'positive', required: true };

/** A number from text; null when absent (optional) or invalid (with an issue in `scope`). */
export function readNumber(scope: RowScope, column: string, raw: string | undefined, rule: NumberRule): number | null {
  const text = raw?.trim() ?? '';
  if (text === '') {
    if (rule.required) reportError(scope, column, 'missing value');
    return null;
  }
  const value = parseDecimal(text);
  if (value === undefined) {
    reportError(scope, column, /^[+-]?(nan|inf|infinity)$/i.test(text) ? 'not a finite number' : 'not a number', text);
    return null;
  }
  return checkNumber(scope, column, value, rule, text);
}

/** Range checks shared by text and JSON numbers. */
export function checkNumber(scope: RowScope, column: string, value: number, rule: NumberRule, shown: string): number | null {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
    reportError(scope, column, `implausibly large (limit ${MAX_MAGNITUDE})`, shown);
    return null;
  }
  if (rule.bound === 'positive' && !(value > 0)) {
    reportError(scope, column, 'must be greater than 0', shown);
    return null;
  }
  if (rule.bound === 'nonNegative' && value < 0) {
    reportError(scope, column, 'must not be negative', shown);
    return null;
  }
  return value === 0 ? 0 : value; // no -0
}

/** Epoch milliseconds (integer or decimal text). Values that look like seconds get a specific reason. */
export function readEpochMs(scope: RowScope, column: string, raw: string | undefined, required: boolean): number | null {
  const value = readNumber(scope, column, raw, { bound: 'positive', required });
  return value === null ? null : checkEpochMs(scope, column, value, raw?.trim() ?? '');
}

export function checkEpochMs(scope: RowScope, column: string, value: number, shown: string): number | null {
  if (value >= MIN_EPOCH_MS / 1000 && value < MAX_EPOCH_MS / 1000) {
    reportError(scope, column, 'looks like seconds; expected epoch milliseconds', shown);
    return null;
  }
  if (!(value >= MIN_EPOCH_MS && value < MAX_EPOCH_MS)) {
    reportError(scope, column, 'epoch milliseconds outside 2000–2100', shown);
    return null;
  }
  return Math.floor(value);
}

const MAX_CACHED_INSTANTS = 4096;

/** ISO-8601 instant with a zone → epoch ms; `cache` memoises repeated strings (a file's timestamps repeat). */
export function readIsoInstant(
  scope: RowScope,
  column: string,
  raw: string | undefined,
  required: boolean,
  cache?: Map<string, number | string>,
): number | null {
  const text = raw?.trim() ?? '';
  if (text === '') {
    if (required) reportError(scope, column, 'missing value');
    return null;
  }
  let known = cache?.get(text);
  if (known === undefined) {
    const parsed = parseIsoInstant(text);
    known = parsed.ok ? parsed.value : parsed.reason;
    if (cache !== undefined && cache.size >= MAX_CACHED_INSTANTS) cache.clear(); // a file of all-distinct times
    cache?.set(text, known);
  }
  if (typeof known === 'string') {
    reportError(scope, column, known, text);
    return null;
  }
  if (!(known >= MIN_EPOCH_MS && known < MAX_EPOCH_MS)) {
    reportError(scope, column, 'instant outside 2000–2100', text);
    return null;
  }
  return known;
}

/** `call`/`put`, also `C`/`P`, any case. */
export function readOptionType(scope: RowScope, column: string, raw: string | undefined): 'call' | 'put' | null {
  const text = raw?.trim().toLowerCase() ?? '';
  if (text === 'call' || text === 'c') return 'call';
  if (text === 'put' || text === 'p') return 'put';
  reportError(scope, column, text === '' ? 'missing value' : "unknown option type (expected call/put or C/P)", raw);
  return null;
}

/** Reports a disagreement between a value read from the instrument name and the same value in a column. */
export function checkAgreement(
  scope: RowScope,
  column: string,
  fromName: number | string,
  fromColumn: number | string | null,
  what: string,
): void {
  if (fromColumn === null) return;
  const agrees =
    typeof fromName === 'number' && typeof fromColumn === 'number'
      ? Math.abs(fromName - fromColumn) <= 1e-9 * Math.max(1, Math.abs(fromName))
      : fromName === fromColumn;
  if (!agrees)
    reportError(scope, column, `disagrees with the instrument name, which gives ${what} ${String(fromName)}`, String(fromColumn));
}

/** Like {@link checkAgreement} for instants (UTC ms), shown as ISO-8601 in the message. */
export function checkInstantAgreement(scope: RowScope, column: string, fromNameMs: number, fromColumnMs: number | null): void {
  if (fromColumnMs === null || fromColumnMs === fromNameMs) return;
  reportError(
    scope,
    column,
    `disagrees with the instrument name, which gives ${new Date(fromNameMs).toISOString()}`,
    new Date(fromColumnMs).toISOString(),
  );
}

/** Rejects a second row for the same instrument (a file lists each instrument once). Call it last, on a
 * row that is otherwise good, so that a rejected row never claims its instrument. */
export function checkFirstOccurrence(
  scope: RowScope,
  column: string,
  instrument: string,
  seen: Map<string, number>,
): void {
  const firstLine = seen.get(instrument);
  if (firstLine === undefined) seen.set(instrument, scope.line);
  else reportError(scope, column, `duplicate instrument; first listed at line ${firstLine}`, instrument);
}
