/**
 * `volcal price --model M --params '<json>' --input options.csv`: undiscounted European prices on the forward
 * under one of the Fourier models (Heston, Bates, Merton, Kou, variance gamma; ../../core/pricing/fourier,
 * accurate path, relative error about --tolerance, default 1e-10) or Black-76.
 * Input columns (any order, extra columns passed through): forward, strike, expiry_years, type (call|put).
 * Output: the input rows plus `price` (shortest round-trip decimal, so parsing it gives back the same double)
 * and `status`: ok; invalid_row when the row could not be read (negative strike or expiry included);
 * invalid_input when the pricer rejected the row's values (e.g. forward ≤ 0). Every reason goes to stderr
 * with file and line. Flags are checked before any row is priced: a bad model, parameter set or tolerance
 * is a usage error (exit 2) naming the field and value.
 * Units: forward and strike in the quote currency, expiry in years, prices in the quote currency per unit of
 * underlying, undiscounted.
 */
import type { CliIo } from '../io.ts';
import { parseCommandArgs } from '../command-args.ts';
import type { OptionType } from '../../core/market/option-quote.ts';
import { black76Price } from '../../core/pricing/black76.ts';
import { bates } from '../../core/pricing/fourier/bates.ts';
import { heston } from '../../core/pricing/fourier/heston.ts';
import { kou } from '../../core/pricing/fourier/kou.ts';
import type { FourierModel } from '../../core/pricing/fourier/model.ts';
import { merton } from '../../core/pricing/fourier/merton.ts';
import { DEFAULT_RELATIVE_TOLERANCE, priceEuropean } from '../../core/pricing/fourier/price.ts';
import { varianceGamma } from '../../core/pricing/fourier/variance-gamma.ts';
import {
  formatOptionTableCsv, formatOptionTableJson, readOptionTableFile, type AddedColumn, type OptionTable,
} from '../../io/option-table.ts';
import { formatIssue, rowError, type ReadIssue } from '../../io/read-issue.ts';

/** Named parameters as given in --params, checked to be exactly the model's fields, all numbers. */
type ModelParams = Readonly<Record<string, number>>;

interface PricingModel {
  /** The parameter names --params must hold, in the model's documented order. */
  readonly fields: readonly string[];
  /** Throws a RangeError naming the bad field and value. */
  readonly validate: (params: ModelParams) => void;
  /** Undiscounted price; throws a RangeError on invalid market inputs. */
  readonly price: (params: ModelParams, forward: number, strike: number, years: number, type: OptionType, relativeTolerance: number) => number;
}

/** A Fourier model behind the CLI's name-keyed parameters (`fields` are exactly the keys of P). */
function fourierModel<P>(model: FourierModel<P>, fields: readonly (keyof P & string)[]): PricingModel {
  // The cast is safe: parseModelParams has checked that the object has exactly `fields`, all numbers.
  const typed = (params: ModelParams): P => params as unknown as P;
  return {
    fields,
    validate: (params) => {
      model.validate(typed(params));
    },
    price: (params, forward, strike, years, type, relativeTolerance) =>
      priceEuropean(model, typed(params), forward, strike, years, type, { relativeTolerance }),
  };
}

const black76: PricingModel = {
  fields: ['sigma'],
  validate: ({ sigma }) => {
    if (!(sigma !== undefined && sigma >= 0 && sigma < Infinity)) throw new RangeError(`black76: sigma must be finite and ≥ 0, got ${sigma}`);
  },
  price: ({ sigma }, forward, strike, years, type) => black76Price(forward, strike, years, sigma!, type),
};

const hestonFields = ['v0', 'kappa', 'theta', 'sigma', 'rho'] as const;
const jumpFields = ['lambda', 'nu', 'delta'] as const;

export const pricingModels: ReadonlyMap<string, PricingModel> = new Map([
  ['heston', fourierModel(heston, hestonFields)],
  ['bates', fourierModel(bates, [...hestonFields, ...jumpFields])],
  ['merton', fourierModel(merton, ['sigma', ...jumpFields])],
  ['kou', fourierModel(kou, ['sigma', 'lambda', 'p', 'eta1', 'eta2'])],
  ['vg', fourierModel(varianceGamma, ['sigma', 'nu', 'theta'])],
  ['black76', black76],
]);

const modelNames = [...pricingModels.keys()];

export const priceUsage = `Usage: volcal price --model ${modelNames.join('|')} --params '<json>' --input <options.csv>
                   [--tolerance <relative error>] [--format csv|json]

Input columns: forward,strike,expiry_years,type (type call or put; expiry in years). Prints the rows with
'price' (undiscounted, in the forward's units, at full round-trip precision) and 'status' (ok,
invalid_input, invalid_row) added; --format json prints one JSON object per line. --tolerance is the
Fourier pricer's relative error (default ${DEFAULT_RELATIVE_TOLERANCE}; Black-76 is exact).

--params is a JSON object with exactly the model's fields:
${[...pricingModels].map(([name, m]) => `  ${name.padEnd(8)} ${m.fields.join(', ')}`).join('\n')}
Example: volcal price --model heston --params '{"v0":0.04,"kappa":2,"theta":0.04,"sigma":0.5,"rho":-0.7}' --input options.csv
`;

export type ParamsResult = { readonly ok: true; readonly params: ModelParams } | { readonly ok: false; readonly reason: string };

/**
 * Parses --params for `model` (a key of pricingModels): a JSON object with exactly the model's fields, each a
 * number the model accepts. The reason names the bad field and value.
 */
export function parseModelParams(model: string, json: string): ParamsResult {
  const spec = pricingModels.get(model);
  if (spec === undefined) return { ok: false, reason: `--model must be one of ${modelNames.join(', ')}, got '${model}'` };
  const expected = `expected ${model} fields ${spec.fields.join(', ')}`;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `--params is not valid JSON (${(error as Error).message}); ${expected}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `--params must be a JSON object, got ${JSON.stringify(value)}; ${expected}` };
  }
  const given = value as Record<string, unknown>;
  const extra = Object.keys(given).filter((key) => !spec.fields.includes(key));
  if (extra.length > 0) return { ok: false, reason: `--params has unknown field${plural(extra)} ${extra.join(', ')}; ${expected}` };
  const missing = spec.fields.filter((key) => !Object.hasOwn(given, key));
  if (missing.length > 0) return { ok: false, reason: `--params is missing field${plural(missing)} ${missing.join(', ')}; ${expected}` };
  for (const key of spec.fields) {
    if (typeof given[key] !== 'number') return { ok: false, reason: `--params: ${key} must be a number, got ${JSON.stringify(given[key])}` };
  }
  const params = given as ModelParams;
  try {
    spec.validate(params);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, reason: `--params: ${error.message}` };
  }
  return { ok: true, params };
}

function plural(list: readonly string[]): string {
  return list.length > 1 ? 's' : '';
}

export async function priceCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('price', priceUsage, {
    args,
    options: {
      model: { type: 'string' },
      params: { type: 'string' },
      input: { type: 'string' },
      tolerance: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      help: { type: 'boolean', default: false },
    },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const usageError = (message: string): number => {
    io.stderr(`volcal price: ${message}\n\n${priceUsage}`);
    return 2;
  };
  const file = values.input;
  if (file === undefined || values.model === undefined || values.params === undefined) {
    return usageError('--model, --params and --input <file> are required');
  }
  if (values.format !== 'csv' && values.format !== 'json') return usageError(`--format must be csv or json, got '${values.format}'`);
  const tolerance = values.tolerance === undefined ? DEFAULT_RELATIVE_TOLERANCE : Number(values.tolerance);
  if (!(tolerance > 0 && tolerance < 1)) return usageError(`--tolerance must be a relative error in (0, 1), got '${values.tolerance}'`);
  const params = parseModelParams(values.model, values.params);
  if (!params.ok) return usageError(params.reason);
  const model = pricingModels.get(values.model)!;
  const table = await readOptionTableFile(file, { extraNumbers: [], minimum: { strike: 0, expiry_years: 0 } });
  const priced = priceTable(table, file, (F, K, T, type) => model.price(params.params, F, K, T, type, tolerance));
  const issues = [...table.issues, ...priced.issues].sort((a, b) => a.line - b.line);
  for (const issue of issues) io.stderr(`${formatIssue(issue)}\n`);
  if (table.header === null) return 1;
  const added: readonly AddedColumn[] = [
    { name: 'price', value: (i) => (priced.status[i] === PriceStatus.ok ? priced.price[i]! : null) },
    { name: 'status', value: (i) => statusNames[priced.status[i]!]! },
  ];
  io.stdout(values.format === 'json' ? formatOptionTableJson(table, added) : formatOptionTableCsv(table, added));
  return issues.some((i) => i.severity === 'error') ? 1 : 0;
}

const PriceStatus = { ok: 0, invalidInput: 1, invalidRow: 2 } as const;
const statusNames = ['ok', 'invalid_input', 'invalid_row'] as const;

interface PricedTable {
  readonly price: Float64Array;
  readonly status: Uint8Array;
  /** One error per row the pricer rejected. */
  readonly issues: readonly ReadIssue[];
}

/** Prices every readable row; a RangeError from the pricer makes the row invalid_input, anything else is a bug. */
function priceTable(
  table: OptionTable, file: string, price: (forward: number, strike: number, years: number, type: OptionType) => number,
): PricedTable {
  const n = table.rows.length;
  const prices = new Float64Array(n);
  const status = new Uint8Array(n).fill(PriceStatus.invalidRow);
  const issues: ReadIssue[] = [];
  for (let i = 0; i < n; i++) {
    if (table.valid[i] !== 1) continue;
    try {
      prices[i] = price(table.forward[i]!, table.strike[i]!, table.expiryYears[i]!, table.isCall[i] === 1 ? 'call' : 'put');
      status[i] = PriceStatus.ok;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      issues.push(rowError(file, table.lines[i]!, '', error.message));
      status[i] = PriceStatus.invalidInput;
    }
  }
  return { price: prices, status, issues };
}
