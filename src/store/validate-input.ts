/**
 * The checks the adapters make on their inputs before touching the database, the same for both. The ones
 * that matter are `put`'s. A record that fails one
 * is a bug in the caller (a NaN parameter, a Date in a JSON field), so the answer is an Error naming the
 * field and the bad value, never a silently altered row: JSON.stringify would write NaN and Infinity as
 * null, drop undefined members and turn a Date into a string, and none of that would round-trip.
 *
 * What passes: strings non-empty (failureReason aside) and free of NUL (PostgreSQL's text cannot hold it) and
 * of lone surrogates (UTF-8 cannot); snapshotMs a safe integer; failureReason null exactly when ok; params
 * finite numbers; diagnostics, solver and state plain JSON — objects, arrays, strings, booleans, null and
 * finite numbers. -0 passes but is stored as 0: JSON has no negative zero.
 */
import type { CalibrationRecord, HistoryQuery, SeriesKey } from './history-store.ts';

/** A non-empty, well-formed string without NUL. */
export function checkKeyString(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new Error(`${field} must be a non-empty string, got ${describe(value)}`);
  checkText(value, field);
}

/** A safe integer number of milliseconds. */
export function checkMs(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new Error(`${field} must be a safe integer of milliseconds, got ${describe(value)}`);
  }
}

export function validateRecord(record: CalibrationRecord): void {
  validateSeries(record);
  checkMs(record.snapshotMs, 'snapshotMs');
  checkKeyString(record.sourceFile, 'sourceFile');
  checkKeyString(record.quotesHash, 'quotesHash');
  checkKeyString(record.volcalVersion, 'volcalVersion');
  if (typeof record.ok !== 'boolean') throw new Error(`ok must be a boolean, got ${describe(record.ok)}`);
  if (record.ok) {
    if (record.failureReason !== null) throw new Error(`failureReason must be null when ok, got ${describe(record.failureReason)}`);
  } else {
    checkKeyString(record.failureReason, 'failureReason');
  }
  checkPlainObject(record.params, 'params');
  for (const [name, value] of Object.entries(record.params)) {
    checkText(name, 'params key');
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`params.${name} must be a finite number, got ${describe(value)}`);
    }
  }
  checkJsonObject(record.diagnostics, 'diagnostics');
  checkJsonObject(record.solver, 'solver');
  checkJsonObject(record.state, 'state');
}

export function validateSeries(series: SeriesKey): void {
  checkKeyString(series.source, 'source');
  checkKeyString(series.currency, 'currency');
  checkKeyString(series.model, 'model');
  checkKeyString(series.variant, 'variant');
}

export function validateQuery(query: HistoryQuery): void {
  for (const field of ['source', 'currency', 'model', 'variant'] as const) {
    if (query[field] !== undefined) checkKeyString(query[field], field);
  }
  if (query.fromMs !== undefined) checkMs(query.fromMs, 'fromMs');
  if (query.toMs !== undefined) checkMs(query.toMs, 'toMs');
}

/** A plain object of JSON values that JSON.stringify writes, and JSON.parse reads back, unchanged. */
export function checkJsonObject(value: unknown, path: string): void {
  checkPlainObject(value, path);
  checkJsonValue(value, path, new Set());
}

function checkJsonValue(value: unknown, path: string, ancestors: Set<object>): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') {
    checkWellFormed(value, path);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} must be a finite number, got ${describe(value)}`);
    return;
  }
  if (typeof value !== 'object') throw new Error(`${path} is not JSON: ${describe(value)}`);
  if (ancestors.has(value)) throw new Error(`${path} is a circular reference`);
  ancestors.add(value);
  if (Array.isArray(value)) {
    // for…of visits holes as undefined, which the check below rejects (JSON.stringify would write null).
    let i = 0;
    for (const item of value as readonly unknown[]) checkJsonValue(item, `${path}[${String(i++)}]`, ancestors);
  } else {
    checkPlainObject(value, path);
    for (const [key, item] of Object.entries(value)) {
      checkWellFormed(key, `${path} key`);
      checkJsonValue(item, `${path}.${key}`, ancestors);
    }
  }
  ancestors.delete(value);
}

function checkPlainObject(value: unknown, path: string): asserts value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path} must be a plain object, got ${describe(value)}`);
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new Error(`${path} must be a plain object, got an object with another prototype (a class instance, a Date, a Map…)`);
  }
}

function checkText(value: string, field: string): void {
  if (value.includes('\u0000')) throw new Error(`${field} must not contain NUL, got ${describe(value)}`);
  checkWellFormed(value, field);
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkWellFormed(value: string, field: string): void {
  if (LONE_SURROGATE.test(value)) throw new Error(`${field} must be well-formed Unicode (it has a lone surrogate)`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${String(value)}n`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return Array.isArray(value) ? 'an array' : 'an object';
}
