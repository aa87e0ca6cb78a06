/**
 * A CSV file as a header plus data rows of the header's width, with every unusable record already turned
 * into a located issue. Readers work on this, not on raw records.
 */

import { parseCsv, type CsvRecord } from './csv.ts';
import { fileError, rowError, rowWarning, type ReadIssue } from './read-issue.ts';

export interface CsvTable {
  /** Column names as written, trimmed of surrounding spaces. */
  readonly header: readonly string[];
  readonly headerLine: number;
  /** Data records with exactly `header.length` fields. */
  readonly rows: readonly CsvRecord[];
  /** One error per data record that could not be split into the header's fields. */
  readonly rejected: readonly ReadIssue[];
  /** Header oddities (duplicate column names). */
  readonly warnings: readonly ReadIssue[];
}

export type CsvTableResult = { readonly ok: true; readonly table: CsvTable } | { readonly ok: false; readonly issue: ReadIssue };

export function parseCsvTable(text: string, file: string): CsvTableResult {
  const parsed = parseCsv(text);
  const first = parsed.records[0];
  const firstMalformed = parsed.malformed[0];
  if (first === undefined || (firstMalformed !== undefined && firstMalformed.line < first.line)) {
    if (firstMalformed === undefined) return { ok: false, issue: fileError(file, 'the file is empty (no header line)') };
    return { ok: false, issue: fileError(file, `the header (line ${firstMalformed.line}) is malformed: ${firstMalformed.reason}`) };
  }
  const header = first.fields.map((name) => name.trim());
  const rows: CsvRecord[] = [];
  const rejected: ReadIssue[] = [];
  const warnings: ReadIssue[] = [];
  for (const record of parsed.records.slice(1)) {
    if (record.fields.length === header.length) rows.push(record);
    else
      rejected.push(
        rowError(file, record.line, '', `expected ${header.length} fields as in the header, found ${record.fields.length}`),
      );
  }
  for (const bad of parsed.malformed) rejected.push(rowError(file, bad.line, '', bad.reason));
  const seen = new Set<string>();
  for (const name of header) {
    if (name !== '' && seen.has(name))
      warnings.push(rowWarning(file, first.line, name, 'duplicate column name; the first one is used'));
    seen.add(name);
  }
  return { ok: true, table: { header, headerLine: first.line, rows, rejected, warnings } };
}

/** {@link parseCsvTable}, then a whole-file error (see {@link missingColumnsIssue}) unless the header has every
 * `required` column: how a reader with a fixed column set opens its file. `what` names the format expected. */
export function parseCsvTableWithColumns(text: string, file: string, required: readonly string[], what: string): CsvTableResult {
  const parsed = parseCsvTable(text, file);
  if (!parsed.ok) return parsed;
  const missing = missingColumnsIssue(file, parsed.table.header, required, what);
  return missing === null ? parsed : { ok: false, issue: missing };
}

/** Index of each column name (first occurrence wins). */
export function columnIndex(header: readonly string[]): ReadonlyMap<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  return index;
}

/** A whole-file error naming the missing columns, or null when all are present. */
export function missingColumnsIssue(
  file: string,
  header: readonly string[],
  required: readonly string[],
  what: string,
): ReadIssue | null {
  const present = new Set(header);
  const missing = required.filter((name) => !present.has(name));
  if (missing.length === 0) return null;
  const list = missing.map((name) => `'${name}'`).join(', ');
  return fileError(file, `${what}: missing column${missing.length > 1 ? 's' : ''} ${list} (the header has ${describeColumns(header)})`);
}

/** `a, b, c, ... (23 columns)` for messages. */
export function describeColumns(header: readonly string[], shown = 8): string {
  const names = header.slice(0, shown).map((name) => (name === '' ? "''" : name));
  return header.length > shown ? `${names.join(', ')}, ... (${header.length} columns)` : names.join(', ');
}
