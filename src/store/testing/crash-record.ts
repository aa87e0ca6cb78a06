/**
 * The records of the crash tests (crash-writer.ts writes them, crash-rounds.ts checks them): record n of one
 * series, with a payload of a few thousand doubles in `state` (big enough to span many database pages) and
 * its SHA-256 in `diagnostics`, so a row torn by a crash is seen as one whose payload no longer matches.
 */
import { createHash } from 'node:crypto';
import type { CalibrationRecord, SeriesKey } from '../history-store.ts';

export const CRASH_SERIES: SeriesKey = { source: 'crash-test', currency: 'BTC', model: 'svi', variant: 'plain' };
const PAYLOAD_LENGTH = 6000;

/** SHA-256 (hex) of a value's JSON text. */
export function checksum(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Record n (n ≥ 1): every field a function of n, payload doubles that use all 17 digits. */
export function crashRecord(n: number): CalibrationRecord {
  const payload = Array.from({ length: PAYLOAD_LENGTH }, (_, i) => Math.sin(n * 7919 + i) * 10 ** ((i % 21) - 10));
  return {
    ...CRASH_SERIES,
    snapshotMs: 1_700_000_000_000 + n * 60_000,
    sourceFile: `snapshot-${String(n)}.csv.gz`,
    quotesHash: checksum(n),
    ok: true,
    failureReason: null,
    params: { a: Math.sin(n), b: 1 / n },
    diagnostics: { checksum: checksum(payload), n },
    solver: { iterations: n },
    state: { payload },
    volcalVersion: 'crash-test',
  };
}

/** The n of a crash record's snapshot time. */
export function crashIndex(snapshotMs: number): number {
  return (snapshotMs - 1_700_000_000_000) / 60_000;
}
