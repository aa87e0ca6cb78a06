/** The calibration history store: its port (history-store.ts), the two adapters and the opener by location. */
export type {
  CalibrationRecord, HistoryQuery, HistoryStore, PutOutcome, SeriesKey, StoredCalibration,
} from './history-store.ts';
export type { StoreOptions } from './store-options.ts';
export type { StoreLocation } from './open-store.ts';
export { openHistoryStore, parseStoreLocation } from './open-store.ts';
export { openSqliteStore } from './sqlite-store.ts';
export { openPostgresStore } from './postgres-store.ts';
export { SCHEMA_VERSION } from './migrations.ts';
