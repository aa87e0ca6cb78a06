/**
 * A table of European options on forwards, as read by `volcal iv` and `volcal price`: a CSV with the columns
 * forward, strike, expiry_years, type (call|put, or c|p) and any numeric columns the command adds (iv: price),
 * in any order, case-insensitive, extra columns passed through. Every row is kept: a row that cannot be read
 * becomes a located issue (file, line, column, value, reason) and `valid[i] = 0`, so a command can still
 * print it, and the rest goes on. Numbers go into one Float64Array per column for batch pricing.
 *
 * Units: forward and strike in the quote currency, expiry_years in years.
 */
import { readFile } from 'node:fs/promises';
import { parseCsv } from './csv.ts';
import { fileError, rowError, type ReadIssue } from './read-issue.ts';

/** The numeric columns every option table has, in the order their values are checked. */
export const OPTION_NUMBER_COLUMNS = ['forward', 'strike', 'expiry_years'] as const;

export interface OptionTableSpec<E extends string> {
  /** Numeric columns beyond forward, strike, expiry_years (iv: ['price']), checked after them. */
  readonly extraNumbers: readonly E[];
  /** Lower bounds by numeric column: a smaller value is a row issue ("must be ≥ 0"). */
  readonly minimum?: Readonly<Partial<Record<(typeof OPTION_NUMBER_COLUMNS)[number] | E, number>>>;
}

export interface OptionTable<E extends string = never> {
  /** Column names as written (trimmed); null when the file has no usable header (the issue says why). */
  readonly header: readonly string[] | null;
  /** The data rows' fields as written. */
  readonly rows: readonly (readonly string[])[];
  /** 1-based line on which each row starts. */
  readonly lines: readonly number[];
  /** Lower-cased names of the numeric columns (printed as numbers in JSON). */
  readonly numberColumns: ReadonlySet<string>;
  /** 1 when row i was read; rows that could not be read hold zeros. */
  readonly valid: Uint8Array;
  readonly forward: Float64Array;
  readonly strike: Float64Array;
  readonly expiryYears: Float64Array;
  /** 1 call, 0 put. */
  readonly isCall: Uint8Array;
  readonly extra: Readonly<Record<E, Float64Array>>;
  readonly issues: readonly ReadIssue[];
}

/** Reads an option table from a UTF-8 CSV file; an unreadable file is a table without header and one issue. */
export async function readOptionTableFile<E extends string = never>(
  file: string, spec: OptionTableSpec<E> = { extraNumbers: [] },
): Promise<OptionTable<E>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return emptyTable(spec, [fileError(file, `cannot read: ${(error as Error).message}`)]);
  }
  return readOptionTable(text, file, spec);
}

/** Reads an option table from CSV text; never throws on bad input. */
export function readOptionTable<E extends string = never>(
  text: string, file: string, spec: OptionTableSpec<E> = { extraNumbers: [] },
): OptionTable<E> {
  const required = [...OPTION_NUMBER_COLUMNS, 'type', ...spec.extraNumbers];
  const numberNames: readonly string[] = [...OPTION_NUMBER_COLUMNS, ...spec.extraNumbers];
  const minimum: Readonly<Partial<Record<string, number>>> = spec.minimum ?? {};
  const csv = parseCsv(text);
  const issues: ReadIssue[] = csv.malformed.map((m) => rowError(file, m.line, '', m.reason));
  const [head, ...records] = csv.records;
  if (head === undefined) {
    issues.push(rowError(file, 0, '', `empty file: expected a header ${required.join(',')}`));
    return emptyTable(spec, issues);
  }
  const header = head.fields.map((h) => h.trim());
  const index = new Map(header.map((h, i) => [h.toLowerCase(), i]));
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    issues.push(rowError(file, head.line, missing.join(','), `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`));
    return emptyTable(spec, issues);
  }
  const n = records.length;
  const columns = new Map(numberNames.map((name) => [name, new Float64Array(n)]));
  const isCall = new Uint8Array(n);
  const valid = new Uint8Array(n);
  records.forEach((record, i) => {
    const field = (name: string): string => record.fields[index.get(name)!] ?? '';
    if (record.fields.length !== header.length) {
      issues.push(rowError(file, record.line, '', `expected ${header.length} fields, found ${record.fields.length}`));
      return;
    }
    for (const name of numberNames) {
      const raw = field(name).trim();
      const x = Number(raw);
      if (raw === '' || !Number.isFinite(x)) {
        issues.push(rowError(file, record.line, name, raw === '' ? 'missing value' : 'not a finite number', raw));
        return;
      }
      const lo = minimum[name];
      if (lo !== undefined && !(x >= lo)) {
        issues.push(rowError(file, record.line, name, `must be ≥ ${lo}`, raw));
        return;
      }
      columns.get(name)![i] = x;
    }
    const type = field('type').trim().toLowerCase();
    if (type !== 'call' && type !== 'put' && type !== 'c' && type !== 'p') {
      issues.push(rowError(file, record.line, 'type', "must be 'call' or 'put'", field('type')));
      return;
    }
    isCall[i] = type.startsWith('c') ? 1 : 0;
    valid[i] = 1;
  });
  return {
    header,
    rows: records.map((r) => r.fields),
    lines: records.map((r) => r.line),
    numberColumns: new Set(numberNames),
    valid,
    forward: columns.get('forward')!,
    strike: columns.get('strike')!,
    expiryYears: columns.get('expiry_years')!,
    isCall,
    extra: extraColumns(spec, columns),
    issues,
  };
}

function emptyTable<E extends string>(spec: OptionTableSpec<E>, issues: readonly ReadIssue[]): OptionTable<E> {
  const numberNames: readonly string[] = [...OPTION_NUMBER_COLUMNS, ...spec.extraNumbers];
  const none = new Float64Array(0);
  const columns = new Map(numberNames.map((name) => [name, none]));
  return {
    header: null, rows: [], lines: [], numberColumns: new Set(numberNames), valid: new Uint8Array(0),
    forward: none, strike: none, expiryYears: none, isCall: new Uint8Array(0), extra: extraColumns(spec, columns), issues,
  };
}

function extraColumns<E extends string>(spec: OptionTableSpec<E>, columns: ReadonlyMap<string, Float64Array>): Record<E, Float64Array> {
  return Object.fromEntries(spec.extraNumbers.map((name) => [name, columns.get(name)!])) as Record<E, Float64Array>;
}

/** A column a command appends to every row: a number (null when the row has none) or a word. */
export interface AddedColumn {
  readonly name: string;
  readonly value: (row: number) => number | string | null;
}

/**
 * The table as CSV with the added columns: numbers as their shortest round-trip decimal (String(x), so
 * parsing gives back the same double), null as an empty field, fields quoted per RFC 4180 where needed.
 * Requires a table with a header.
 */
export function formatOptionTableCsv<E extends string>(table: OptionTable<E>, added: readonly AddedColumn[]): string {
  const out: string[] = [[...table.header!, ...added.map((c) => c.name)].map(csvField).join(',')];
  table.rows.forEach((row, i) => {
    const values = added.map((c) => {
      const v = c.value(i);
      return v === null ? '' : String(v);
    });
    out.push([...row, ...values].map(csvField).join(','));
  });
  return `${out.join('\n')}\n`;
}

/**
 * The table as JSON lines: one object per row, keyed by the header, numeric columns as numbers where they
 * parse (as written otherwise), then the added columns. Requires a table with a header.
 */
export function formatOptionTableJson<E extends string>(table: OptionTable<E>, added: readonly AddedColumn[]): string {
  const header = table.header!;
  return table.rows
    .map((row, i) => {
      const object: Record<string, string | number | null> = {};
      header.forEach((h, j) => {
        const raw = row[j] ?? '';
        const x = Number(raw);
        object[h] = table.numberColumns.has(h.toLowerCase()) && raw.trim() !== '' && Number.isFinite(x) ? x : raw;
      });
      for (const c of added) object[c.name] = c.value(i);
      return `${JSON.stringify(object)}\n`;
    })
    .join('');
}

/** One CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
