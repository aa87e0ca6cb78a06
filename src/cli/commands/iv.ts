/**
 * `volcal iv --input options.csv`: Black-76 implied vols for a table of undiscounted prices.
 * Input columns (any order, extra columns passed through): forward, strike, expiry_years, type (call|put),
 * price (undiscounted, in the forward's units). Output: the input rows plus `iv` (shortest round-trip
 * decimal, so parsing it gives back the same double) and `status` (ok, below_intrinsic, above_maximum,
 * invalid_input, or invalid_row when the row itself could not be read; the reason goes to stderr with file,
 * line and column). The whole table is inverted in one batch call (no allocation per option).
 */
import { readFile } from 'node:fs/promises';
import type { CliIo } from '../io.ts';
import { parseCommandArgs } from '../command-args.ts';
import { impliedVolatilityBatch, IvStatus } from '../../core/pricing/implied-vol.ts';
import { parseCsv } from '../../io/csv.ts';
import { formatIssue, rowError, type ReadIssue } from '../../io/read-issue.ts';

export const ivUsage = `Usage: volcal iv --input <options.csv> [--format csv|json] [--strict]

Input columns: forward,strike,expiry_years,type,price (type call or put; price undiscounted, in the
forward's units). Prints the rows with 'iv' and 'status' added; --format json prints one JSON object per line.
`;

const required = ['forward', 'strike', 'expiry_years', 'type', 'price'] as const;
const statusNames = ['ok', 'below_intrinsic', 'above_maximum', 'invalid_input'] as const;

export async function ivCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('iv', ivUsage, {
    args,
    options: {
      input: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const file = values.input;
  if (file === undefined || (values.format !== 'csv' && values.format !== 'json')) {
    io.stderr(`volcal iv: --input <file> is required and --format must be csv or json\n\n${ivUsage}`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr(`${file}: cannot read: ${(error as Error).message}\n`);
    return 1;
  }
  const table = ivTable(text, file);
  for (const issue of table.issues) io.stderr(`${formatIssue(issue)}\n`);
  if (table.header === null) return 1;
  if (values.strict && table.issues.some((i) => i.severity === 'error')) return 1;
  io.stdout(values.format === 'json' ? formatJson(table) : formatCsv(table));
  return table.issues.some((i) => i.severity === 'error') ? 1 : 0;
}

export interface IvTable {
  readonly header: readonly string[] | null;
  readonly rows: readonly (readonly string[])[];
  /** Parsed inputs; rows that could not be read hold zeros and `valid[i] = 0`. */
  readonly valid: Uint8Array;
  readonly vol: Float64Array;
  readonly status: Uint8Array;
  readonly issues: readonly ReadIssue[];
}

/** Parses and validates the input table, then inverts every valid row in one batch. */
export function ivTable(text: string, file: string): IvTable {
  const csv = parseCsv(text);
  const issues: ReadIssue[] = csv.malformed.map((m) => rowError(file, m.line, '', m.reason));
  const [head, ...records] = csv.records;
  if (head === undefined) {
    issues.push(rowError(file, 0, '', 'empty file: expected a header forward,strike,expiry_years,type,price'));
    return { header: null, rows: [], valid: new Uint8Array(0), vol: new Float64Array(0), status: new Uint8Array(0), issues };
  }
  const header = head.fields.map((h) => h.trim());
  const index = new Map(header.map((h, i) => [h.toLowerCase(), i]));
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    issues.push(rowError(file, head.line, missing.join(','), `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`));
    return { header: null, rows: [], valid: new Uint8Array(0), vol: new Float64Array(0), status: new Uint8Array(0), issues };
  }
  const n = records.length;
  const forward = new Float64Array(n);
  const strike = new Float64Array(n);
  const years = new Float64Array(n);
  const price = new Float64Array(n);
  const isCall = new Uint8Array(n);
  const valid = new Uint8Array(n);
  records.forEach((record, i) => {
    const field = (name: (typeof required)[number]): string => record.fields[index.get(name)!] ?? '';
    if (record.fields.length !== header.length) {
      issues.push(rowError(file, record.line, '', `expected ${header.length} fields, found ${record.fields.length}`));
      return;
    }
    const numbers = [
      ['forward', forward],
      ['strike', strike],
      ['expiry_years', years],
      ['price', price],
    ] as const;
    for (const [name, column] of numbers) {
      const raw = field(name).trim();
      const x = Number(raw);
      if (raw === '' || !Number.isFinite(x)) {
        issues.push(rowError(file, record.line, name, raw === '' ? 'missing value' : 'not a finite number', raw));
        return;
      }
      column[i] = x;
    }
    const type = field('type').trim().toLowerCase();
    if (type !== 'call' && type !== 'put' && type !== 'c' && type !== 'p') {
      issues.push(rowError(file, record.line, 'type', "must be 'call' or 'put'", field('type')));
      return;
    }
    isCall[i] = type.startsWith('c') ? 1 : 0;
    valid[i] = 1;
  });
  const vol = new Float64Array(n);
  const status = new Uint8Array(n);
  impliedVolatilityBatch(price, forward, strike, years, isCall, vol, status);
  return { header, rows: records.map((r) => r.fields), valid, vol, status, issues };
}

function rowStatus(table: IvTable, i: number): string {
  return table.valid[i] === 1 ? statusNames[table.status[i]!]! : 'invalid_row';
}

function rowIv(table: IvTable, i: number): number | null {
  return table.valid[i] === 1 && table.status[i] === IvStatus.ok ? table.vol[i]! : null;
}

function formatCsv(table: IvTable): string {
  const out: string[] = [[...table.header!, 'iv', 'status'].map(csvField).join(',')];
  table.rows.forEach((row, i) => {
    const iv = rowIv(table, i);
    out.push([...row, iv === null ? '' : String(iv), rowStatus(table, i)].map(csvField).join(','));
  });
  return `${out.join('\n')}\n`;
}

function formatJson(table: IvTable): string {
  const header = table.header!;
  const numeric = new Set(['forward', 'strike', 'expiry_years', 'price']);
  return table.rows
    .map((row, i) => {
      const object: Record<string, string | number | null> = {};
      header.forEach((h, j) => {
        const raw = row[j] ?? '';
        const x = Number(raw);
        object[h] = numeric.has(h.toLowerCase()) && raw.trim() !== '' && Number.isFinite(x) ? x : raw;
      });
      object.iv = rowIv(table, i);
      object.status = rowStatus(table, i);
      return `${JSON.stringify(object)}\n`;
    })
    .join('');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
