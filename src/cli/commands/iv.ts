/**
 * `volcal iv --input options.csv`: Black-76 implied vols for a table of undiscounted prices.
 * Input columns (any order, extra columns passed through): forward, strike, expiry_years, type (call|put),
 * price (undiscounted, in the forward's units). Output: the input rows plus `iv` (shortest round-trip
 * decimal, so parsing it gives back the same double) and `status` (ok, below_intrinsic, above_maximum,
 * invalid_input, or invalid_row when the row itself could not be read; the reason goes to stderr with file,
 * line and column). The whole table is inverted in one batch call (no allocation per option).
 */
import type { CliIo } from '../io.ts';
import { parseCommandArgs } from '../command-args.ts';
import { impliedVolatilityBatch, IvStatus } from '../../core/pricing/implied-vol.ts';
import {
  formatOptionTableCsv, formatOptionTableJson, readOptionTable, readOptionTableFile, type AddedColumn, type OptionTable,
} from '../../io/option-table.ts';
import { formatIssue, type ReadIssue } from '../../io/read-issue.ts';

export const ivUsage = `Usage: volcal iv --input <options.csv> [--format csv|json] [--strict]

Input columns: forward,strike,expiry_years,type,price (type call or put; price undiscounted, in the
forward's units). Prints the rows with 'iv' and 'status' added; --format json prints one JSON object per line.
`;

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
  const options = await readOptionTableFile(file, { extraNumbers: ['price'] });
  const table = invert(options);
  for (const issue of table.issues) io.stderr(`${formatIssue(issue)}\n`);
  if (table.header === null) return 1;
  if (values.strict && table.issues.some((i) => i.severity === 'error')) return 1;
  const added = addedColumns(table);
  io.stdout(values.format === 'json' ? formatOptionTableJson(options, added) : formatOptionTableCsv(options, added));
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
  return invert(readOptionTable(text, file, { extraNumbers: ['price'] }));
}

/** Inverts every valid row of the table in one batch. */
function invert(table: OptionTable<'price'>): IvTable {
  const n = table.rows.length;
  const vol = new Float64Array(n);
  const status = new Uint8Array(n);
  impliedVolatilityBatch(table.extra.price, table.forward, table.strike, table.expiryYears, table.isCall, vol, status);
  return { header: table.header, rows: table.rows, valid: table.valid, vol, status, issues: table.issues };
}

function addedColumns(table: IvTable): readonly AddedColumn[] {
  return [
    { name: 'iv', value: (i) => (table.valid[i] === 1 && table.status[i] === IvStatus.ok ? table.vol[i]! : null) },
    { name: 'status', value: (i) => (table.valid[i] === 1 ? statusNames[table.status[i]!]! : 'invalid_row') },
  ];
}
