/**
 * What every reader returns, and the one place where a reader's rows become a snapshot (or do not).
 *
 * Accounting: `rowsRead` counts data records (CSV records after the header, JSON array elements);
 * whenever a snapshot is returned, `rowsRead = quotes + futures + rowsRejected`. Not counted: blank
 * lines, and lines after the point where the CSV tokenizer gave up (reported as a warning).
 */

import type { ChainFormat, ChainSnapshot, FutureQuote, RawOptionQuote } from '../core/market/option-quote.ts';
import { fileError, formatIssue, type ReadIssue } from './read-issue.ts';

export interface ReadOutcome {
  /** The chain read, or null when nothing usable was read (or `strict` and some row was bad). */
  readonly snapshot: ChainSnapshot | null;
  /** Every problem, in line order; when `snapshot` is null the first error says why. */
  readonly issues: readonly ReadIssue[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
}

export interface ReaderOptions {
  /** Any error-severity issue fails the whole read (snapshot null). */
  readonly strict?: boolean;
  /** Valuation time (UTC ms) to use instead of the one found in the file (or for files without one). */
  readonly snapshotTimeMs?: number;
}

/** A read that produced nothing: one whole-file issue. */
export function failedRead(issue: ReadIssue, rowsRead = 0, rowsRejected = 0): ReadOutcome {
  return { snapshot: null, issues: [issue], rowsRead, rowsRejected };
}

export interface ReadRows {
  readonly file: string;
  readonly format: ChainFormat;
  /** Snapshot time found in the file, or null. */
  readonly fileTimeMs: number | null;
  /** Why there is no time in the file, for the message when no override is given either. */
  readonly missingTimeReason: string;
  readonly quotes: readonly RawOptionQuote[];
  readonly futures: readonly FutureQuote[];
  readonly issues: readonly ReadIssue[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
}

/** Turns a reader's rows into the outcome: picks the snapshot time, refuses empty chains, applies `strict`. */
export function completeRead(rows: ReadRows, options: ReaderOptions): ReadOutcome {
  const issues = [...rows.issues].sort((a, b) => a.line - b.line);
  const counts = { rowsRead: rows.rowsRead, rowsRejected: rows.rowsRejected };
  const fail = (reason: string): ReadOutcome => ({ snapshot: null, issues: [fileError(rows.file, reason), ...issues], ...counts });

  const override = options.snapshotTimeMs;
  if (override !== undefined && !Number.isFinite(override)) return fail(`snapshotTimeMs option is not a finite number (${override})`);
  const snapshotTimeMs = override ?? rows.fileTimeMs;
  if (rows.quotes.length === 0 && rows.futures.length === 0) {
    return fail(
      rows.rowsRead === 0
        ? 'no data rows: the file has a header and nothing else'
        : `no option quotes: all ${rows.rowsRead} rows were rejected`,
    );
  }
  if (snapshotTimeMs === null) return fail(`${rows.missingTimeReason}; pass the snapshotTimeMs option`);

  const errors = issues.filter((issue) => issue.severity === 'error');
  const firstError = errors[0];
  if (options.strict === true && firstError !== undefined) {
    return fail(`strict mode: ${errors.length} error${errors.length > 1 ? 's' : ''}; the first is ${formatIssue(firstError)}`);
  }
  const snapshot: ChainSnapshot = {
    file: rows.file,
    format: rows.format,
    snapshotTimeMs,
    quotes: rows.quotes,
    futures: rows.futures,
  };
  return { snapshot, issues, ...counts };
}
