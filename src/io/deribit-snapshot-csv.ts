/**
 * Reader for the Deribit option-chain snapshots collected by znmahbub/SVCJ-Deribit-Inverse-Options-Pricer
 * (`deribit_options_snapshot_<UTC>.csv`, shared/data README §1): one row per option, BTC and ETH together.
 *
 * Units: bid/ask/mark in coin per option on one coin (premiumUnit `coin`); `underlying` is the forward in
 * USD for that expiry; `implied_volatility` is Deribit's mark IV already as a decimal; strike and
 * index in USD. `timestamp` (the collection start, the same on every row) is the snapshot time.
 * Cross-checked on every row: instrument name against `currency`, `strike`, `option_type`, `expiry_datetime`.
 * Not read: `mid_price`, `bid_ask_spread` (derived), `futures_*` (copies of `underlying*`), greeks,
 * `time_to_maturity` (uses 365.25-day years, see the README), volumes.
 */

import type { RawOptionQuote, UnderlyingKind } from '../core/market/option-quote.ts';
import { readCsvRows, type CsvRow, type RowResult } from './csv-rows.ts';
import { parseCsvTableWithColumns } from './csv-table.ts';
import { deribitPremiumUnit, readDeribitName, readUnderlyingName, requireOptionName } from './deribit-row.ts';
import { optionTerms } from './option-terms.ts';
import { fileWarning } from './read-issue.ts';
import { completeRead, failedRead, type ReaderOptions, type ReadOutcome } from './read-outcome.ts';
import {
  checkAgreement,
  checkInstantAgreement,
  checkFirstOccurrence,
  OPTIONAL_POSITIVE,
  OPTIONAL_PRICE,
  readIsoInstant,
  readNumber,
  readOptionType,
  REQUIRED_POSITIVE,
  rowHasError,
  type RowScope,
} from './row-fields.ts';

export const DERIBIT_SNAPSHOT_COLUMNS = [
  'timestamp',
  'instrument_name',
  'underlying',
  'underlying_name',
  'option_type',
  'strike',
  'expiry_datetime',
  'bid_price',
  'ask_price',
  'mark_price',
  'implied_volatility',
  'open_interest',
  'currency',
  'index_price',
] as const;

export function parseDeribitSnapshotCsv(text: string, file: string, options: ReaderOptions = {}): ReadOutcome {
  const parsed = parseCsvTableWithColumns(text, file, DERIBIT_SNAPSHOT_COLUMNS, 'not a Deribit snapshot CSV');
  if (!parsed.ok) return failedRead(parsed.issue);

  const instants = new Map<string, number | string>();
  const underlyings = new Map<string, UnderlyingKind | null>();
  const seen = new Map<string, number>();
  const snapshotTimes = new Set<number>();
  const readRow = (row: CsvRow, scope: RowScope): RowResult => {
    const timestamp = readIsoInstant(scope, 'timestamp', row.cell('timestamp'), true, instants);
    const quote = readQuote(row, scope, instants, underlyings);
    if (quote === null || timestamp === null || rowHasError(scope)) return null;
    checkFirstOccurrence(scope, 'instrument_name', quote.instrument, seen);
    snapshotTimes.add(timestamp);
    return { kind: 'option', quote };
  };
  const rows = readCsvRows(parsed.table, file, readRow);

  let fileTimeMs: number | null = null;
  for (const time of snapshotTimes) fileTimeMs = Math.max(fileTimeMs ?? time, time); // no Math.max(...): 1e5+ args overflow the stack
  const issues =
    snapshotTimes.size > 1
      ? [
          ...rows.issues,
          fileWarning(file, `column 'timestamp' has ${snapshotTimes.size} different values; the latest is the snapshot time`),
        ]
      : rows.issues;
  return completeRead(
    { ...rows, issues, file, format: 'deribit-snapshot-csv', fileTimeMs, missingTimeReason: 'no valid timestamp in any row' },
    options,
  );
}

function readQuote(
  row: CsvRow,
  scope: RowScope,
  instants: Map<string, number | string>,
  underlyings: Map<string, UnderlyingKind | null>,
): RawOptionQuote | null {
  const instrument = row.cell('instrument_name')?.trim() ?? '';
  const parsedName = readDeribitName(scope, 'instrument_name', instrument);
  const type = readOptionType(scope, 'option_type', row.cell('option_type'));
  const strike = readNumber(scope, 'strike', row.cell('strike'), REQUIRED_POSITIVE);
  const expiryMs = readIsoInstant(scope, 'expiry_datetime', row.cell('expiry_datetime'), true, instants);
  const currency = row.cell('currency')?.trim() ?? '';
  const underlyingPrice = readNumber(scope, 'underlying', row.cell('underlying'), REQUIRED_POSITIVE);
  const underlying = readUnderlyingName(scope, 'underlying_name', row.cell('underlying_name'), underlyings);
  const bid = readNumber(scope, 'bid_price', row.cell('bid_price'), OPTIONAL_PRICE);
  const ask = readNumber(scope, 'ask_price', row.cell('ask_price'), OPTIONAL_PRICE);
  const mark = readNumber(scope, 'mark_price', row.cell('mark_price'), OPTIONAL_PRICE);
  const markIv = readNumber(scope, 'implied_volatility', row.cell('implied_volatility'), OPTIONAL_PRICE);
  const openInterest = readNumber(scope, 'open_interest', row.cell('open_interest'), OPTIONAL_PRICE);
  const indexPrice = readNumber(scope, 'index_price', row.cell('index_price'), OPTIONAL_POSITIVE);
  const name = requireOptionName(scope, 'instrument_name', parsedName, instrument);
  if (name === null) return null;
  checkAgreement(scope, 'option_type', name.type, type, 'type');
  checkAgreement(scope, 'strike', name.strike, strike, 'strike');
  checkInstantAgreement(scope, 'expiry_datetime', name.expiryMs, expiryMs);
  checkAgreement(scope, 'currency', name.currency, currency, 'currency');
  if (rowHasError(scope)) return null;
  return {
    ...optionTerms(instrument, name, deribitPremiumUnit(name)),
    bid,
    ask,
    mark,
    markIv,
    underlyingPrice,
    underlyingName: underlying.name,
    underlyingKind: underlying.kind,
    indexPrice,
    quoteTimeMs: null,
    lastTradeMs: null,
    openInterest,
    source: { file: scope.file, line: row.line },
  };
}
