/**
 * Opens the history store a location names, the one string a user gives (a CLI flag, a config entry):
 * `postgres://…` or `postgresql://…` is a PostgreSQL database; `sqlite:<path>` or a plain path is a SQLite
 * file, created with its parent directory when missing.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryStore } from './history-store.ts';
import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { StoreOptions } from './store-options.ts';

export type StoreLocation = { readonly kind: 'postgres'; readonly url: string } | { readonly kind: 'sqlite'; readonly path: string };

export function parseStoreLocation(location: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(location)) return { kind: 'postgres', url: location };
  const path = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  if (path === '') throw new Error(`history store location '${location}' names no file`);
  return { kind: 'sqlite', path };
}

export function openHistoryStore(location: string, options: StoreOptions = {}): Promise<HistoryStore> {
  const parsed = parseStoreLocation(location);
  if (parsed.kind === 'postgres') return openPostgresStore(parsed.url, options);
  mkdirSync(dirname(parsed.path), { recursive: true });
  return openSqliteStore(parsed.path, options);
}
