/**
 * Test support: where the team's real market data lives (`<repo>/../shared/data`, described in its
 * README.md) and how to read a file of it as text. Used by the reader tests only.
 */

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const sharedDataDir = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

/** False when the data folder is absent (tests that need it are skipped, not failed). */
export const sharedDataAvailable = existsSync(sharedDataDir);

export function sharedDataPath(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('../../../shared/data/', import.meta.url)));
}

/** The file's text, gunzipped when it ends in `.gz`. */
export function readSharedText(relative: string): string {
  const bytes = readFileSync(sharedDataPath(relative));
  return (relative.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** `snapshots_index.csv` rows by file name (no quoted fields in that file). */
export function snapshotIndex(): Map<string, Record<string, string>> {
  const [head, ...lines] = readSharedText('deribit_znmahbub/snapshots_index.csv').trim().split('\n');
  const columns = (head ?? '').split(',');
  const index = new Map<string, Record<string, string>>();
  for (const line of lines) {
    const values = line.split(',');
    const row = Object.fromEntries(columns.map((c, i) => [c, values[i] ?? '']));
    index.set((row.file ?? '').replace('snapshots/', ''), row);
  }
  return index;
}
