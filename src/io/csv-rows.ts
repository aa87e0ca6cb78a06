/**
 * The row loop shared by the CSV readers: one {@link RowScope} per data row, the reader's row function
 * turns the row into an option quote, a future, or nothing (with issues saying why), and the counts add up.
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

/** Runs `readRow` over every row; a row with any error-severity issue is rejected whatever it returned. */
export function readCsvRows(table: CsvTable, file: string, readRow: (row: CsvRow, scope: RowScope) => RowResult): RowsRead {
  const index = columnIndex(table.header);
  const quotes: RawOptionQuote[] = [];
  const futures: FutureQuote[] = [];
  const issues: ReadIssue[] = [...table.warnings, ...table.rejected];
  let rejected = table.rejected.length;
  for (const record of table.rows) {
    const scope = openRow(file, record.line);
    const row: CsvRow = {
      line: record.line,
      cell: (column) => {
        const i = index.get(column);
        return i === undefined ? undefined : record.fields[i];
      },
    };
    const result = readRow(row, scope);
    issues.push(...scope.issues);
    if (result === null || rowHasError(scope)) rejected++;
    else if (result.kind === 'option') quotes.push(result.quote);
    else futures.push(result.future);
  }
  return { quotes, futures, issues, rowsRead: table.rows.length + table.rejected.length, rowsRejected: rejected };
}
