/**
 * Between a calibration record and a row of the `calibrations` table (migrations.ts), for both adapters:
 * the column order, the JSON text of the object fields, the SQL of the queries, and the checked decoding of
 * a row read back. Decoding checks types rather than trusting the driver: an id or a time that is not a
 * safe integer, or a JSON column that is not an object, is an Error naming the row, not a wrong value.
 */
import type { CalibrationRecord, HistoryQuery, SeriesKey, StoredCalibration } from './history-store.ts';

/** The columns `put` writes, in the order of `rowValues`. */
export const INSERT_COLUMNS = [
  'source', 'currency', 'model', 'variant', 'snapshot_ms', 'source_file', 'quotes_hash', 'ok', 'failure_reason',
  'params_json', 'diagnostics_json', 'solver_json', 'state_json', 'volcal_version', 'created_at_ms',
] as const;

const SELECT_COLUMNS = `id, ${INSERT_COLUMNS.join(', ')}`;
const KEY_COLUMNS = 'source, currency, model, variant, snapshot_ms';

/** Writes `$1, $2, …` (PostgreSQL) or `?` (SQLite) for the i-th parameter, counting from 1. */
export type Placeholder = (i: number) => string;

export const sqlitePlaceholder: Placeholder = () => '?';
export const postgresPlaceholder: Placeholder = (i) => `$${String(i)}`;

export function insertSql(p: Placeholder): string {
  const params = INSERT_COLUMNS.map((_, i) => p(i + 1)).join(', ');
  return `INSERT INTO calibrations (${INSERT_COLUMNS.join(', ')}) VALUES (${params}) ON CONFLICT (${KEY_COLUMNS}) DO NOTHING`;
}

const SERIES_WHERE = (p: Placeholder): string => `source = ${p(1)} AND currency = ${p(2)} AND model = ${p(3)} AND variant = ${p(4)}`;

export function storedSnapshotsSql(p: Placeholder): string {
  return `SELECT snapshot_ms FROM calibrations WHERE ${SERIES_WHERE(p)}`;
}

export function latestBeforeSql(p: Placeholder): string {
  return `SELECT ${SELECT_COLUMNS} FROM calibrations WHERE ${SERIES_WHERE(p)} AND snapshot_ms < ${p(5)} ORDER BY snapshot_ms DESC LIMIT 1`;
}

export function seriesValues(series: SeriesKey): [string, string, string, string] {
  return [series.source, series.currency, series.model, series.variant];
}

/** The SQL and parameters of a `list` query; `sql` depends only on which filters are set, so it can be cached. */
export function listQuery(query: HistoryQuery, p: Placeholder): { sql: string; values: (string | number)[] } {
  const where: string[] = [];
  const values: (string | number)[] = [];
  const add = (condition: (param: string) => string, value: string | number | undefined): void => {
    if (value === undefined) return;
    values.push(value);
    where.push(condition(p(values.length)));
  };
  add((x) => `source = ${x}`, query.source);
  add((x) => `currency = ${x}`, query.currency);
  add((x) => `model = ${x}`, query.model);
  add((x) => `variant = ${x}`, query.variant);
  add((x) => `snapshot_ms >= ${x}`, query.fromMs);
  add((x) => `snapshot_ms <= ${x}`, query.toMs);
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return { sql: `SELECT ${SELECT_COLUMNS} FROM calibrations${filter} ORDER BY snapshot_ms, source, currency, model, variant`, values };
}

/** The values of INSERT_COLUMNS for a validated record; `ok` as the dialect stores it (1/0 or boolean). */
export function rowValues<B>(record: CalibrationRecord, createdAtMs: number, bool: (b: boolean) => B): (string | number | B | null)[] {
  return [
    record.source, record.currency, record.model, record.variant, record.snapshotMs, record.sourceFile, record.quotesHash,
    bool(record.ok), record.failureReason, JSON.stringify(record.params), JSON.stringify(record.diagnostics),
    JSON.stringify(record.solver), JSON.stringify(record.state), record.volcalVersion, createdAtMs,
  ];
}

/** A row read back; `ok` may be 0/1 (SQLite) or a boolean (PostgreSQL). */
export function decodeRow(row: Readonly<Record<string, unknown>>): StoredCalibration {
  const id = integer(row, 'id');
  const where = `calibrations row ${String(id)}`;
  const ok = row.ok === true || row.ok === 1;
  if (!ok && row.ok !== false && row.ok !== 0) throw new Error(`${where}: ok is ${String(row.ok)}`);
  const failureReason = row.failure_reason ?? null;
  if (failureReason !== null && typeof failureReason !== 'string') throw new Error(`${where}: failure_reason is not text`);
  return {
    id,
    source: text(row, 'source', where),
    currency: text(row, 'currency', where),
    model: text(row, 'model', where),
    variant: text(row, 'variant', where),
    snapshotMs: integer(row, 'snapshot_ms', where),
    sourceFile: text(row, 'source_file', where),
    quotesHash: text(row, 'quotes_hash', where),
    ok,
    failureReason,
    params: numberObject(row, 'params_json', where),
    diagnostics: jsonObject(row, 'diagnostics_json', where),
    solver: jsonObject(row, 'solver_json', where),
    state: jsonObject(row, 'state_json', where),
    volcalVersion: text(row, 'volcal_version', where),
    createdAtMs: integer(row, 'created_at_ms', where),
  };
}

function text(row: Readonly<Record<string, unknown>>, column: string, where: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`${where}: ${column} is not text`);
  return value;
}

function integer(row: Readonly<Record<string, unknown>>, column: string, where = 'calibrations row'): number {
  return safeInteger(row[column], `${where}: ${column}`);
}

/** A value read from the database that must be a safe integer (a time, an id, a version). */
export function safeInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Error(`${what} is not a safe integer (${String(value)})`);
  return value;
}

function jsonObject(row: Readonly<Record<string, unknown>>, column: string, where: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(text(row, column, where));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${where}: ${column} is not a JSON object`);
  return parsed as Record<string, unknown>;
}

function numberObject(row: Readonly<Record<string, unknown>>, column: string, where: string): Record<string, number> {
  const parsed = jsonObject(row, column, where);
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'number') throw new Error(`${where}: ${column}.${name} is not a number`);
  }
  return parsed as Record<string, number>;
}
