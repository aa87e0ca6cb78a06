/**
 * Reader for CSV dumps of Deribit `public/get_book_summary_by_currency` (shared/data README §3). Two column
 * sets exist: with `strike_price`, `expire_date` (`26JAN24`), `option_type` (`C`/`P`) and no `mark_iv`, or
 * without those and with `mark_iv`. Strike, expiry and type always come from `instrument_name`; the extra
 * columns, when present, are cross-checked against it.
 *
 * Fields and units: see deribit-book-summary-row.ts. `creation_timestamp` is per row; its latest value is the
 * snapshot time.
 */

import { readCsvRows, type CsvRow, type RowResult } from './csv-rows.ts';
import { parseCsvTableWithColumns } from './csv-table.ts';
import { readBookSummaryRow } from './deribit-book-summary-row.ts';
import { completeRead, failedRead, type ReaderOptions, type ReadOutcome } from './read-outcome.ts';
import type { RowScope } from './row-fields.ts';

export const DERIBIT_BOOK_SUMMARY_COLUMNS = [
  'instrument_name',
  'creation_timestamp',
  'underlying_price',
  'underlying_index',
  'bid_price',
  'ask_price',
  'mark_price',
] as const;

export function parseDeribitBookSummaryCsv(text: string, file: string, options: ReaderOptions = {}): ReadOutcome {
  const parsed = parseCsvTableWithColumns(text, file, DERIBIT_BOOK_SUMMARY_COLUMNS, 'not a Deribit book-summary CSV');
  if (!parsed.ok) return failedRead(parsed.issue);

  const seen = new Map<string, number>();
  let latest: number | null = null;
  const readRow = (row: CsvRow, scope: RowScope): RowResult => {
    const { result, createdMs } = readBookSummaryRow(row, scope, seen);
    if (result !== null && createdMs !== null) latest = Math.max(latest ?? createdMs, createdMs);
    return result;
  };
  const rows = readCsvRows(parsed.table, file, readRow);
  return completeRead(
    {
      ...rows,
      file,
      format: 'deribit-book-summary-csv',
      fileTimeMs: latest,
      missingTimeReason: 'no valid creation_timestamp in any row',
    },
    options,
  );
}

