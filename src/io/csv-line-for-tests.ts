/**
 * Test support: one data line of a hand-made CSV file, its values given by column name and written in the
 * header's column order (a column without a value is left empty). Values are written as given, unquoted.
 * Used by the reader tests only.
 */

export function csvLine(header: string, values: Readonly<Record<string, string>>): string {
  return header
    .split(',')
    .map((column) => values[column] ?? '')
    .join(',');
}
