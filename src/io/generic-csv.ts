/**
 * Reader for any option-chain CSV, through a user's column mapping. Each row needs either an instrument
 * name (Deribit `BTC-27MAR26-90000-C` or OCC `SPXW260206C06900000`, parsed by instrument-name.ts) or the
 * three columns expiry, strike and type; when both are mapped they are cross-checked.
 *
 * Values: numbers in plain decimal notation; expiry and times as ISO-8601 instants with a zone or as epoch
 * milliseconds; type as call/put/C/P. Premiums are in `premiumUnit`, mark IV in `markIvUnit` (decimal by
 * default). The snapshot time is the latest value of the `snapshotTime` column, or the `snapshotTimeMs`
 * option, which wins when both are given.
 */

import { classifyDeribitUnderlying, parseOptionName } from '../core/market/instrument-name.ts';
import type { PremiumUnit, RawOptionQuote } from '../core/market/option-quote.ts';
import { readCsvRows, type CsvRow, type RowResult } from './csv-rows.ts';
import { describeColumns, parseCsvTable } from './csv-table.ts';
import { optionTerms, type OptionTerms } from './option-terms.ts';
import { percentToDecimal, zeroAsNoQuote } from './quote-conventions.ts';
import { fileError } from './read-issue.ts';
import { completeRead, type ReaderOptions, type ReadOutcome } from './read-outcome.ts';
import {
  checkAgreement,
  checkEpochMs,
  checkInstantAgreement,
  checkFirstOccurrence,
  OPTIONAL_POSITIVE,
  OPTIONAL_PRICE,
  parseDecimal,
  readIsoInstant,
  readNumber,
  readOptionType,
  REQUIRED_POSITIVE,
  reportError,
  rowHasError,
  type RowScope,
} from './row-fields.ts';

/** Column names for each quote field (values are the file's header names). */
export interface GenericMapping {
  /** Deribit or OCC instrument name; or give `expiry`, `strike` and `type`. */
  readonly instrument?: string;
  /** Underlying currency / asset (`BTC`, `SPX`); or `defaultCurrency`, or the instrument name's. */
  readonly currency?: string;
  /** Expiry: ISO-8601 instant with a zone, or epoch ms. */
  readonly expiry?: string;
  readonly strike?: string;
  /** call/put/C/P. */
  readonly type?: string;
  readonly bid: string;
  readonly ask: string;
  readonly mark?: string;
  readonly markIv?: string;
  readonly underlyingPrice?: string;
  readonly underlyingName?: string;
  readonly indexPrice?: string;
  readonly openInterest?: string;
  /** Per-row quote time (ISO or epoch ms). */
  readonly quoteTime?: string;
  /** Last trade time (ISO or epoch ms). */
  readonly lastTrade?: string;
  /** Snapshot time column (ISO or epoch ms; the latest value is used). Else pass `snapshotTimeMs`. */
  readonly snapshotTime?: string;
  /** Unit of every premium column. */
  readonly premiumUnit: PremiumUnit;
  /** Currency of every row when no column or instrument name gives one. */
  readonly defaultCurrency?: string;
  /** Unit of the `markIv` column; default `decimal` (0.55 = 55%). */
  readonly markIvUnit?: 'decimal' | 'percent';
  /** Read a bid or ask of exactly 0 as "no quote" (Yahoo and Deribit ticker convention). Default false. */
  readonly zeroMeansNoQuote?: boolean;
}

const COLUMN_KEYS = [
  'instrument',
  'currency',
  'expiry',
  'strike',
  'type',
  'bid',
  'ask',
  'mark',
  'markIv',
  'underlyingPrice',
  'underlyingName',
  'indexPrice',
  'openInterest',
  'quoteTime',
  'lastTrade',
  'snapshotTime',
] as const;
type ColumnKey = (typeof COLUMN_KEYS)[number];
const OTHER_KEYS = ['premiumUnit', 'defaultCurrency', 'markIvUnit', 'zeroMeansNoQuote'] as const;

export type MappingCheck = { readonly ok: true; readonly mapping: GenericMapping } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks a mapping (typed, or straight from a JSON config) and, given a header, that every column it
 * names exists. Each problem is one readable sentence.
 */
export function validateGenericMapping(mapping: unknown, header?: readonly string[], snapshotTimeMs?: number): MappingCheck {
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping))
    return { ok: false, problems: ['the column mapping must be an object'] };
  const m = mapping as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(m)) {
    if (!(COLUMN_KEYS as readonly string[]).includes(key) && !(OTHER_KEYS as readonly string[]).includes(key))
      problems.push(`unknown mapping key '${key}' (known: ${[...COLUMN_KEYS, ...OTHER_KEYS].join(', ')})`);
  }
  for (const key of COLUMN_KEYS) {
    const value = m[key];
    if (value !== undefined && (typeof value !== 'string' || value === ''))
      problems.push(`mapping.${key} must be a column name (a non-empty string)`);
  }
  if (m.premiumUnit !== 'coin' && m.premiumUnit !== 'quote') problems.push(`mapping.premiumUnit must be 'coin' or 'quote'`);
  if (m.markIvUnit !== undefined && m.markIvUnit !== 'decimal' && m.markIvUnit !== 'percent')
    problems.push(`mapping.markIvUnit must be 'decimal' or 'percent'`);
  if (m.defaultCurrency !== undefined && (typeof m.defaultCurrency !== 'string' || m.defaultCurrency === ''))
    problems.push('mapping.defaultCurrency must be a non-empty string');
  if (m.zeroMeansNoQuote !== undefined && typeof m.zeroMeansNoQuote !== 'boolean')
    problems.push('mapping.zeroMeansNoQuote must be true or false');
  for (const key of ['bid', 'ask'] as const) if (m[key] === undefined) problems.push(`mapping.${key} is required`);
  if (m.instrument === undefined) {
    const absent = (['expiry', 'strike', 'type'] as const).filter((key) => m[key] === undefined);
    if (absent.length > 0)
      problems.push(`map either 'instrument' or all of 'expiry', 'strike', 'type' (missing: ${absent.join(', ')})`);
    if (m.currency === undefined && m.defaultCurrency === undefined)
      problems.push(`without 'instrument', map 'currency' or set 'defaultCurrency'`);
  }
  if (m.snapshotTime === undefined && snapshotTimeMs === undefined)
    problems.push(`map a 'snapshotTime' column or pass the snapshotTimeMs option`);
  if (header !== undefined) {
    const present = new Set(header);
    for (const key of COLUMN_KEYS) {
      const column = m[key];
      if (typeof column === 'string' && column !== '' && !present.has(column))
        problems.push(`mapping.${key} names column '${column}', which the file does not have (it has ${describeColumns(header, 12)})`);
    }
  }
  return problems.length === 0 ? { ok: true, mapping: m as unknown as GenericMapping } : { ok: false, problems };
}

export function parseGenericCsv(text: string, file: string, mapping: GenericMapping, options: ReaderOptions = {}): ReadOutcome {
  const parsed = parseCsvTable(text, file);
  const fail = (reasons: readonly string[]): ReadOutcome => ({
    snapshot: null,
    issues: reasons.map((reason) => fileError(file, reason)),
    rowsRead: 0,
    rowsRejected: 0,
  });
  if (!parsed.ok) return { snapshot: null, issues: [parsed.issue], rowsRead: 0, rowsRejected: 0 };
  const check = validateGenericMapping(mapping, parsed.table.header, options.snapshotTimeMs);
  if (!check.ok) return fail(check.problems);

  const seen = new Map<string, number>();
  let latest: number | null = null;
  const readRow = (row: CsvRow, scope: RowScope): RowResult => {
    const snapshotCell = mapping.snapshotTime === undefined ? undefined : row.cell(mapping.snapshotTime);
    const rowTime = mapping.snapshotTime === undefined ? null : readTime(scope, mapping.snapshotTime, snapshotCell, true);
    const quote = readQuote(row, scope, mapping);
    if (quote === null || rowHasError(scope)) return null;
    checkFirstOccurrence(scope, mapping.instrument ?? '', quote.instrument, seen);
    if (rowTime !== null) latest = Math.max(latest ?? rowTime, rowTime);
    return { kind: 'option', quote };
  };
  const rows = readCsvRows(parsed.table, file, readRow);
  return completeRead(
    { ...rows, file, format: 'generic-csv', fileTimeMs: latest, missingTimeReason: `no valid value in the snapshot time column` },
    options,
  );
}

function readQuote(row: CsvRow, scope: RowScope, mapping: GenericMapping): RawOptionQuote | null {
  const column = (key: ColumnKey): string | undefined => {
    const name = mapping[key];
    return name === undefined ? undefined : row.cell(name);
  };
  const number = (key: ColumnKey, rule: typeof OPTIONAL_PRICE): number | null => {
    const name = mapping[key];
    return name === undefined ? null : readNumber(scope, name, row.cell(name), rule);
  };
  const time = (key: ColumnKey): number | null => {
    const name = mapping[key];
    return name === undefined ? null : readTime(scope, name, row.cell(name), false);
  };
  const terms = readTerms(scope, mapping, column);
  const noQuote = (value: number | null): number | null => (mapping.zeroMeansNoQuote === true ? zeroAsNoQuote(value) : value);
  const bid = noQuote(number('bid', OPTIONAL_PRICE));
  const ask = noQuote(number('ask', OPTIONAL_PRICE));
  const markIvRaw = number('markIv', OPTIONAL_PRICE);
  const underlyingName = column('underlyingName')?.trim() ?? '';
  const quote = {
    bid,
    ask,
    mark: number('mark', OPTIONAL_PRICE),
    markIv: mapping.markIvUnit === 'percent' ? percentToDecimal(markIvRaw) : markIvRaw,
    underlyingPrice: number('underlyingPrice', OPTIONAL_POSITIVE),
    underlyingName: underlyingName === '' ? null : underlyingName,
    underlyingKind: underlyingName === '' ? null : classifyDeribitUnderlying(underlyingName),
    indexPrice: number('indexPrice', OPTIONAL_POSITIVE),
    quoteTimeMs: time('quoteTime'),
    lastTradeMs: time('lastTrade'),
    openInterest: number('openInterest', OPTIONAL_PRICE),
    source: { file: scope.file, line: row.line },
  };
  return terms === null ? null : { ...terms, ...quote };
}

/** Instrument terms from the name, the expiry/strike/type columns, or both (cross-checked). */
function readTerms(scope: RowScope, mapping: GenericMapping, column: (key: ColumnKey) => string | undefined): OptionTerms | null {
  const expiryMs = mapping.expiry === undefined ? null : readTime(scope, mapping.expiry, column('expiry'), true);
  const strike = mapping.strike === undefined ? null : readNumber(scope, mapping.strike, column('strike'), REQUIRED_POSITIVE);
  const type = mapping.type === undefined ? null : readOptionType(scope, mapping.type, column('type'));
  const currencyText = column('currency')?.trim() ?? '';
  if (mapping.instrument !== undefined) {
    const instrument = column('instrument')?.trim() ?? '';
    const name = parseOptionName(instrument);
    if (!name.ok) {
      reportError(scope, mapping.instrument, instrument === '' ? 'missing value' : name.reason, instrument);
      return null;
    }
    const terms = name.value;
    if (mapping.expiry !== undefined) checkInstantAgreement(scope, mapping.expiry, terms.expiryMs, expiryMs);
    if (mapping.strike !== undefined) checkAgreement(scope, mapping.strike, terms.strike, strike, 'strike');
    if (mapping.type !== undefined) checkAgreement(scope, mapping.type, terms.type, type, 'type');
    if (mapping.currency !== undefined && currencyText !== '') checkAgreement(scope, mapping.currency, terms.currency, currencyText, 'currency');
    return optionTerms(instrument, terms, mapping.premiumUnit);
  }
  const currency = currencyText === '' ? mapping.defaultCurrency : currencyText;
  if (currency === undefined) reportError(scope, mapping.currency ?? '', 'missing value');
  if (expiryMs === null || strike === null || type === null || currency === undefined) return null;
  const instrument = `${currency}-${new Date(expiryMs).toISOString().slice(0, 16)}Z-${strike}-${type === 'call' ? 'C' : 'P'}`;
  return { instrument, currency, expiryMs, strike, type, premiumUnit: mapping.premiumUnit };
}

/** An instant given as an ISO-8601 string with a zone or as epoch milliseconds. */
function readTime(scope: RowScope, column: string, raw: string | undefined, required: boolean): number | null {
  const text = raw?.trim() ?? '';
  const asNumber = parseDecimal(text);
  if (asNumber !== undefined) return checkEpochMs(scope, column, asNumber, text);
  return readIsoInstant(scope, column, text, required);
}
