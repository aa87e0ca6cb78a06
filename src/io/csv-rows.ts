/**
 * The row loop shared by the CSV readers: one {@link RowScope} per data row, the reader's row function
 * turns the row into an option quote, a future, or nothing (with issues saying why), and the counts add up.
 * The JSON book-summary reader runs its own loop over array elements but files each result through
 * {@link collectRow}, so both apply the same rejection rule.
 */

import type { FutureQuote, RawOptionQuote } from '../core/market/option-quote.ts';
import { columnIndex, type CsvTable } from './csv-table.ts';
import type { ReadIssue } from './read-issue.ts';
import { openRow, rowHasError, type RowScope } from './row-fields.ts';

/** One data row; `cell(name)` is undefined when the file has no such column. */
export interface CsvRow {
  readonly line: number;
  cell(column: string): string | undefined;
}

export type RowResult =
  | { readonly kind: 'option'; readonly quote: RawOptionQuote }
  | { readonly kind: 'future'; readonly future: FutureQuote }
  | null;

export interface RowsRead {
  readonly quotes: readonly RawOptionQuote[];
  readonly futures: readonly FutureQuote[];
  readonly issues: readonly ReadIssue[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
}

/** What rows read so far add up to; filled by {@link collectRow}. */
export interface CollectedRows {
  readonly quotes: RawOptionQuote[];
  readonly futures: FutureQuote[];
  readonly issues: ReadIssue[];
  rejected: number;
}

/** Files one row's issues and result; a row with any error-severity issue is rejected whatever it returned. */
export function collectRow(into: CollectedRows, scope: RowScope, result: RowResult): void {
  into.issues.push(...scope.issues);
  if (result === null || rowHasError(scope)) into.rejected++;
  else if (result.kind === 'option') into.quotes.push(result.quote);
  else into.futures.push(result.future);
}

/** Runs `readRow` over every row and collects the results (see {@link collectRow}). */
export function readCsvRows(table: CsvTable, file: string, readRow: (row: CsvRow, scope: RowScope) => RowResult): RowsRead {
  const index = columnIndex(table.header);
  const collected: CollectedRows = {
    quotes: [],
    futures: [],
    issues: [...table.warnings, ...table.rejected],
    rejected: table.rejected.length,
  };
  for (const record of table.rows) {
    const scope = openRow(file, record.line);
    const row: CsvRow = {
      line: record.line,
      cell: (column) => {
        const i = index.get(column);
        return i === undefined ? undefined : record.fields[i];
      },
    };
    collectRow(collected, scope, readRow(row, scope));
  }
  const { quotes, futures, issues, rejected } = collected;
  return { quotes, futures, issues, rowsRead: table.rows.length + table.rejected.length, rowsRejected: rejected };
}
