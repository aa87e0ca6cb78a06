/**
 * The calibration history: every calibration volcal stores, behind one interface with two adapters —
 * an embedded SQLite file (sqlite-store.ts, the default, no server) and PostgreSQL (postgres-store.ts, for
 * teams). The use cases (src/app/backtest, the `backtest` and `history` commands) see only this port.
 *
 * A record is keyed by its series (source, currency, model, variant) and snapshot time: `put` of a key that
 * is already stored changes nothing and says so ('exists'), which makes batch runs idempotent and
 * resumable. One `put` is one transaction: a process killed at any moment leaves every record whole or
 * absent. JSON fields hold plain numbers and strings (exact round trip of every double: they are stored as
 * JSON text, not as a binary JSON type that might normalise them).
 */

/** A calibration series: one model fitted over time to one currency of one source, one way (`variant`). */
export interface SeriesKey {
  /** Where the snapshots come from, e.g. 'deribit'. */
  readonly source: string;
  readonly currency: string;
  readonly model: string;
  /** How it was calibrated, e.g. 'plain' or 'regularised'. */
  readonly variant: string;
}

export interface CalibrationRecord extends SeriesKey {
  /** Snapshot time, UTC milliseconds since the epoch. */
  readonly snapshotMs: number;
  /** The snapshot file as named on the command line (for the reader of the history). */
  readonly sourceFile: string;
  /** SHA-256 (hex) of the quotes the fit used, in their canonical order. */
  readonly quotesHash: string;
  readonly ok: boolean;
  /** Why the calibration failed (ok false); null when it succeeded. */
  readonly failureReason: string | null;
  /** Named parameters ({} on failure). */
  readonly params: Readonly<Record<string, number>>;
  /** Fit statistics, out-of-sample errors, policy decision: a JSON object. */
  readonly diagnostics: Readonly<Record<string, unknown>>;
  /** Solver statistics and time: a JSON object. */
  readonly solver: Readonly<Record<string, unknown>>;
  /** What the next calibration of the series needs to warm-start from this one: a JSON object. */
  readonly state: Readonly<Record<string, unknown>>;
  readonly volcalVersion: string;
}

export interface StoredCalibration extends CalibrationRecord {
  readonly id: number;
  /** When the record was written, UTC milliseconds. */
  readonly createdAtMs: number;
}

export interface HistoryQuery {
  readonly source?: string;
  readonly currency?: string;
  readonly model?: string;
  readonly variant?: string;
  /** Inclusive bounds on snapshotMs. */
  readonly fromMs?: number;
  readonly toMs?: number;
}

export type PutOutcome = 'inserted' | 'exists';

export interface HistoryStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Stores one record in one transaction; 'exists' (nothing written) when its key is already stored. */
  put(record: CalibrationRecord): Promise<PutOutcome>;
  /** The snapshot times stored for a series. */
  storedSnapshots(series: SeriesKey): Promise<ReadonlySet<number>>;
  /** The series' latest record strictly before snapshotMs, or null. */
  latestBefore(series: SeriesKey, snapshotMs: number): Promise<StoredCalibration | null>;
  /** Records matching the query, ordered by snapshotMs, then source, currency, model, variant. */
  list(query: HistoryQuery): Promise<StoredCalibration[]>;
  close(): Promise<void>;
}
