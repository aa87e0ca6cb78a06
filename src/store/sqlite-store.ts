/**
 * The history store in one SQLite file, through Node's built-in node:sqlite: volcal's default, no server.
 *
 * Durability: the file is in WAL mode with synchronous=FULL. WAL makes each commit atomic — a writer killed
 * at any moment (kill -9, OOM) leaves the last committed state, and readers never block the writer.
 * synchronous=FULL fsyncs the WAL at every commit, so a `put` that has returned stays stored after a crash
 * of the machine too, not only of the process (WAL's NORMAL survives a killed process but may lose the last
 * commits on power loss, and a history that forgets a calibration its job reported as done would be
 * resumed wrongly). The price is one fsync per record, small beside a calibration. busy_timeout lets a second
 * process (a `history` command beside a running backtest) wait for the write lock instead of failing.
 *
 * `put` is one INSERT … ON CONFLICT DO NOTHING in autocommit mode: one statement, one transaction.
 * Statements are prepared once per store; `list`'s, one per combination of filters, on first use.
 */
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import type { CalibrationRecord, HistoryQuery, HistoryStore, PutOutcome, SeriesKey, StoredCalibration } from './history-store.ts';
import {
  decodeRow, insertSql, safeInteger, latestBeforeSql, listQuery, rowValues, seriesValues, sqlitePlaceholder, storedSnapshotsSql,
} from './calibration-row.ts';
import { SCHEMA_MIGRATIONS_DDL, nextMigration } from './migrations.ts';
import { readClock } from './store-options.ts';
import type { StoreOptions } from './store-options.ts';
import { checkMs, validateQuery, validateRecord, validateSeries } from './validate-input.ts';

const BUSY_TIMEOUT_MS = 10_000;

export function openSqliteStore(path: string, options: StoreOptions = {}): Promise<HistoryStore> {
  const clock = options.clock ?? Date.now;
  const db = new DatabaseSync(path);
  try {
    db.exec(`PRAGMA busy_timeout = ${String(BUSY_TIMEOUT_MS)}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    migrate(db, path, clock);
  } catch (error) {
    db.close();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  const insert = db.prepare(insertSql(sqlitePlaceholder));
  const snapshots = db.prepare(storedSnapshotsSql(sqlitePlaceholder));
  const latest = db.prepare(latestBeforeSql(sqlitePlaceholder));
  const listStatements = new Map<string, StatementSync>();

  const store: HistoryStore = {
    kind: 'sqlite',
    put(record: CalibrationRecord): Promise<PutOutcome> {
      return attempt(() => {
        validateRecord(record);
        const { changes } = insert.run(...rowValues(record, readClock(clock), (b) => (b ? 1 : 0)));
        return changes === 0 ? 'exists' : 'inserted';
      });
    },
    storedSnapshots(series: SeriesKey): Promise<ReadonlySet<number>> {
      return attempt(() => {
        validateSeries(series);
        return new Set(snapshots.all(...seriesValues(series)).map((row) => safeInteger(row.snapshot_ms, 'snapshot_ms')));
      });
    },
    latestBefore(series: SeriesKey, snapshotMs: number): Promise<StoredCalibration | null> {
      return attempt(() => {
        validateSeries(series);
        checkMs(snapshotMs, 'snapshotMs');
        const row = latest.get(...seriesValues(series), snapshotMs);
        return row === undefined ? null : decodeRow(row);
      });
    },
    list(query: HistoryQuery): Promise<StoredCalibration[]> {
      return attempt(() => {
        validateQuery(query);
        const { sql, values } = listQuery(query, sqlitePlaceholder);
        let statement = listStatements.get(sql);
        if (statement === undefined) {
          statement = db.prepare(sql);
          listStatements.set(sql, statement);
        }
        return statement.all(...values).map(decodeRow);
      });
    },
    close(): Promise<void> {
      if (db.isOpen) db.close();
      return Promise.resolve();
    },
  };
  return Promise.resolve(store);
}

/** Applies the migrations `path` lacks, each in its own write transaction (BEGIN IMMEDIATE serialises openers). */
function migrate(db: DatabaseSync, path: string, clock: () => number): void {
  db.exec(SCHEMA_MIGRATIONS_DDL.sqlite);
  const applied = db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?, ?)');
  for (;;) {
    db.exec('BEGIN IMMEDIATE');
    try {
      const migration = nextMigration(safeInteger(applied.get()?.version, 'schema version'), path);
      if (migration !== null) {
        db.exec(migration.sql.sqlite);
        record.run(migration.version, readClock(clock));
      }
      db.exec('COMMIT');
      if (migration === null) return;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}

/** Runs synchronous work as the interface's promise: a thrown error becomes a rejection. */
function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
