/**
 * The history store's schema, as an ordered list of migrations with one SQL text per dialect (SQLite and
 * PostgreSQL). Each adapter applies the ones a database lacks on open, one transaction per migration, and
 * records each in `schema_migrations(version, applied_at_ms)`; reopening applies nothing. A database whose
 * version is newer than the last migration here was written by a newer volcal, and is refused rather than
 * read with a schema this code does not know.
 *
 * The rule (docs/history-store.md): the list is append-only. A migration that has shipped is never edited,
 * reordered or removed; a change is a new migration with the next version.
 *
 * JSON columns are TEXT in both dialects, not PostgreSQL's jsonb, which would normalise numbers: the text
 * keeps every double exactly as JSON.stringify wrote it. String columns compare with byte (code point)
 * order in both — SQLite's BINARY, PostgreSQL's "C" collation — so keys and `list` order agree between them.
 */

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: Readonly<Record<Dialect, string>>;
}

/** The bookkeeping table; created (if absent) before any migration, so not a migration itself. */
export const SCHEMA_MIGRATIONS_DDL: Readonly<Record<Dialect, string>> = {
  sqlite: 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL) STRICT',
  postgres: 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms BIGINT NOT NULL)',
};

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'calibrations, keyed by series and snapshot time',
    sql: {
      sqlite: `
        CREATE TABLE calibrations (
          id INTEGER PRIMARY KEY,
          source TEXT NOT NULL,
          currency TEXT NOT NULL,
          model TEXT NOT NULL,
          variant TEXT NOT NULL,
          snapshot_ms INTEGER NOT NULL,
          source_file TEXT NOT NULL,
          quotes_hash TEXT NOT NULL,
          ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
          failure_reason TEXT,
          params_json TEXT NOT NULL,
          diagnostics_json TEXT NOT NULL,
          solver_json TEXT NOT NULL,
          state_json TEXT NOT NULL,
          volcal_version TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL,
          UNIQUE (source, currency, model, variant, snapshot_ms)
        ) STRICT;
        CREATE INDEX calibrations_series_time ON calibrations (currency, model, variant, snapshot_ms);`,
      postgres: `
        CREATE TABLE calibrations (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          source TEXT COLLATE "C" NOT NULL,
          currency TEXT COLLATE "C" NOT NULL,
          model TEXT COLLATE "C" NOT NULL,
          variant TEXT COLLATE "C" NOT NULL,
          snapshot_ms BIGINT NOT NULL,
          source_file TEXT NOT NULL,
          quotes_hash TEXT NOT NULL,
          ok BOOLEAN NOT NULL,
          failure_reason TEXT,
          params_json TEXT NOT NULL,
          diagnostics_json TEXT NOT NULL,
          solver_json TEXT NOT NULL,
          state_json TEXT NOT NULL,
          volcal_version TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL,
          UNIQUE (source, currency, model, variant, snapshot_ms)
        );
        CREATE INDEX calibrations_series_time ON calibrations (currency, model, variant, snapshot_ms);`,
    },
  },
];

/** The schema version this code writes and reads: the last migration's. */
export const SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

/**
 * The next migration a database at `appliedVersion` needs (null when it is up to date). Throws when the
 * database is newer than this code: opening it would risk reading or writing rows it does not understand.
 */
export function nextMigration(appliedVersion: number, location: string): Migration | null {
  if (appliedVersion > SCHEMA_VERSION) {
    throw new Error(
      `${location}: the history database is at schema version ${appliedVersion}, newer than this volcal knows ` +
        `(${SCHEMA_VERSION}); upgrade volcal to open it`,
    );
  }
  return MIGRATIONS.find((m) => m.version > appliedVersion) ?? null;
}
