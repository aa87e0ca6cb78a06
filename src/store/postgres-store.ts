/**
 * The history store in PostgreSQL, through node-postgres (`pg`), for a team sharing one history. Same
 * semantics as the SQLite adapter (sqlite-store.ts): `put` is one INSERT … ON CONFLICT DO NOTHING, a single
 * statement and so a single transaction, committed (and, with PostgreSQL's default synchronous_commit,
 * flushed to its WAL) before the promise resolves.
 *
 * BIGINT columns (snapshot_ms, created_at_ms, id) arrive from the server as decimal text, which pg hands
 * over as strings by default; this pool parses them into numbers and throws if one is outside JavaScript's
 * safe integers, rather than returning a string or a rounded number. The parser is the pool's own
 * (TypeOverrides), so other users of `pg` in the process are not affected.
 *
 * Migrations run on one connection, one transaction each, after taking a transaction-scoped advisory lock:
 * two processes opening the same database at once take turns, and the second finds nothing to do.
 * Statements are named, so each connection prepares them once and reuses them.
 */
import { Pool, TypeOverrides } from 'pg';
import type { PoolClient } from 'pg';
import type { CalibrationRecord, HistoryQuery, HistoryStore, PutOutcome, SeriesKey, StoredCalibration } from './history-store.ts';
import {
  decodeRow, insertSql, safeInteger, latestBeforeSql, listQuery, postgresPlaceholder as p, rowValues, seriesValues, storedSnapshotsSql,
} from './calibration-row.ts';
import { SCHEMA_MIGRATIONS_DDL, nextMigration } from './migrations.ts';
import { readClock } from './store-options.ts';
import type { StoreOptions } from './store-options.ts';
import { checkMs, validateQuery, validateRecord, validateSeries } from './validate-input.ts';

type Row = Record<string, unknown>;

/** PostgreSQL's type OID of int8 (BIGINT). */
const INT8_OID = 20;
/** The advisory lock that serialises migrations: 'volcal' in ASCII, as a bigint. */
const MIGRATION_LOCK_KEY = 0x766f6c63616c;
const POOL_SIZE = 4;

const PUT = { name: 'volcal_put', text: insertSql(p) };
const SNAPSHOTS = { name: 'volcal_stored_snapshots', text: storedSnapshotsSql(p) };
const LATEST = { name: 'volcal_latest_before', text: latestBeforeSql(p) };

export async function openPostgresStore(url: string, options: StoreOptions = {}): Promise<HistoryStore> {
  const clock = options.clock ?? Date.now;
  const types = new TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', parseSafeInteger);
  const pool = new Pool({ connectionString: url, types, max: POOL_SIZE });
  // An idle connection that the server drops (restart, idle timeout) is removed from the pool and the next
  // query opens a new one; without a listener the 'error' event would end the process.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, redactPassword(url), clock);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const listNames = new Map<string, string>();
  const query = async (name: string, text: string, values: readonly unknown[]): Promise<Row[]> =>
    (await pool.query<Row>({ name, text, values: [...values] })).rows;
  let closed = false;

  return {
    kind: 'postgres',
    async put(record: CalibrationRecord): Promise<PutOutcome> {
      validateRecord(record);
      const result = await pool.query({ ...PUT, values: rowValues(record, readClock(clock), (b) => b) });
      return result.rowCount === 0 ? 'exists' : 'inserted';
    },
    async storedSnapshots(series: SeriesKey): Promise<ReadonlySet<number>> {
      validateSeries(series);
      const rows = await query(SNAPSHOTS.name, SNAPSHOTS.text, seriesValues(series));
      return new Set(rows.map((row) => safeInteger(row.snapshot_ms, 'snapshot_ms')));
    },
    async latestBefore(series: SeriesKey, snapshotMs: number): Promise<StoredCalibration | null> {
      validateSeries(series);
      checkMs(snapshotMs, 'snapshotMs');
      const [row] = await query(LATEST.name, LATEST.text, [...seriesValues(series), snapshotMs]);
      return row === undefined ? null : decodeRow(row);
    },
    async list(historyQuery: HistoryQuery): Promise<StoredCalibration[]> {
      validateQuery(historyQuery);
      const { sql, values } = listQuery(historyQuery, p);
      let name = listNames.get(sql);
      if (name === undefined) {
        name = `volcal_list_${String(listNames.size)}`;
        listNames.set(sql, name);
      }
      return (await query(name, sql, values)).map(decodeRow);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Applies the migrations the database lacks, one transaction each, under the migration advisory lock. */
async function migrate(pool: Pool, location: string, clock: () => number): Promise<void> {
  const client: PoolClient = await pool.connect();
  try {
    for (;;) {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        await client.query(SCHEMA_MIGRATIONS_DDL.postgres);
        const { rows } = await client.query<Row>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
        const migration = nextMigration(safeInteger(rows[0]?.version, 'schema version'), location);
        if (migration !== null) {
          await client.query(migration.sql.postgres);
          await client.query('INSERT INTO schema_migrations (version, applied_at_ms) VALUES ($1, $2)', [migration.version, readClock(clock)]);
        }
        await client.query('COMMIT');
        if (migration === null) return;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
  } finally {
    client.release();
  }
}

function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`BIGINT ${text} is outside JavaScript's safe integers`);
  return value;
}

/** The URL for error messages: without its password. */
function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL database';
  }
}
