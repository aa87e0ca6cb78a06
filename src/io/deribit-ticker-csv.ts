/**
 * Reader for pandas dumps of Deribit `public/ticker` results, one row per option (schepal/
 * deribit_data_collector, shared/data README §2). The first column is pandas' unnamed index; `stats` and
 * `greeks` are Python-dict strings and `bids`/`asks` Python-list strings of order-book levels, all ignored:
 * the top of book is `best_bid_price`/`best_ask_price`.
 *
 * Units: prices in coin (BTC); `best_bid_price` 0 means no bid and `best_ask_price` 0 no ask (both read
 * as null); `mark_iv` in percent (read as a decimal); `bid_iv`/`ask_iv` are not read (`ask_iv` 500 is a
 * placeholder); `underlying_price` is the forward (USD) of `underlying_index`; `timestamp` is epoch ms per
 * row (the quote time) and its latest value is the snapshot time; `expiration_timestamp` is cross-checked
 * against the instrument name, as are `strike` and `option_type`.
 */

import type { RawOptionQuote } from '../core/market/option-quote.ts';
import { readCsvRows, type CsvRow, type RowResult } from './csv-rows.ts';
import { parseCsvTableWithColumns } from './csv-table.ts';
import { deribitPremiumUnit, readDeribitName, readUnderlyingName, requireOptionName } from './deribit-row.ts';
import { optionTerms } from './option-terms.ts';
import { percentToDecimal, zeroAsNoQuote } from './quote-conventions.ts';
import { completeRead, failedRead, type ReaderOptions, type ReadOutcome } from './read-outcome.ts';
import {
  checkAgreement,
  checkInstantAgreement,
  checkFirstOccurrence,
  OPTIONAL_POSITIVE,
  OPTIONAL_PRICE,
  readEpochMs,
  readNumber,
  readOptionType,
  REQUIRED_POSITIVE,
  rowHasError,
  type RowScope,
} from './row-fields.ts';

export const DERIBIT_TICKER_COLUMNS = [
  'instrument_name',
  'expiration_timestamp',
  'option_type',
  'strike',
  'underlying_price',
  'underlying_index',
  'timestamp',
  'mark_price',
  'mark_iv',
  'index_price',
  'best_bid_price',
  'best_ask_price',
  'open_interest',
] as const;

export function parseDeribitTickerCsv(text: string, file: string, options: ReaderOptions = {}): ReadOutcome {
  const parsed = parseCsvTableWithColumns(text, file, DERIBIT_TICKER_COLUMNS, 'not a Deribit ticker CSV');
  if (!parsed.ok) return failedRead(parsed.issue);

  const seen = new Map<string, number>();
  let latest: number | null = null;
  const readRow = (row: CsvRow, scope: RowScope): RowResult => {
    const quote = readQuote(row, scope);
    if (quote === null || quote.quoteTimeMs === null || rowHasError(scope)) return null;
    checkFirstOccurrence(scope, 'instrument_name', quote.instrument, seen);
    latest = Math.max(latest ?? quote.quoteTimeMs, quote.quoteTimeMs);
    return { kind: 'option', quote };
  };
  const rows = readCsvRows(parsed.table, file, readRow);
  return completeRead(
    { ...rows, file, format: 'deribit-ticker-csv', fileTimeMs: latest, missingTimeReason: 'no valid timestamp in any row' },
    options,
  );
}

function readQuote(row: CsvRow, scope: RowScope): RawOptionQuote | null {
  const instrument = row.cell('instrument_name')?.trim() ?? '';
  const parsedName = readDeribitName(scope, 'instrument_name', instrument);
  const quoteTimeMs = readEpochMs(scope, 'timestamp', row.cell('timestamp'), true);
  const expiryMs = readEpochMs(scope, 'expiration_timestamp', row.cell('expiration_timestamp'), true);
  const strike = readNumber(scope, 'strike', row.cell('strike'), REQUIRED_POSITIVE);
  const type = readOptionType(scope, 'option_type', row.cell('option_type'));
  const underlying = readUnderlyingName(scope, 'underlying_index', row.cell('underlying_index'));
  const bid = readNumber(scope, 'best_bid_price', row.cell('best_bid_price'), OPTIONAL_PRICE);
  const ask = readNumber(scope, 'best_ask_price', row.cell('best_ask_price'), OPTIONAL_PRICE);
  const markIvPercent = readNumber(scope, 'mark_iv', row.cell('mark_iv'), OPTIONAL_PRICE);
  const quote = {
    mark: readNumber(scope, 'mark_price', row.cell('mark_price'), OPTIONAL_PRICE),
    underlyingPrice: readNumber(scope, 'underlying_price', row.cell('underlying_price'), REQUIRED_POSITIVE),
    indexPrice: readNumber(scope, 'index_price', row.cell('index_price'), OPTIONAL_POSITIVE),
    openInterest: readNumber(scope, 'open_interest', row.cell('open_interest'), OPTIONAL_PRICE),
  };
  const name = requireOptionName(scope, 'instrument_name', parsedName, instrument);
  if (name === null) return null;
  checkAgreement(scope, 'strike', name.strike, strike, 'strike');
  checkAgreement(scope, 'option_type', name.type, type, 'type');
  checkInstantAgreement(scope, 'expiration_timestamp', name.expiryMs, expiryMs);
  return {
    ...optionTerms(instrument, name, deribitPremiumUnit(name)),
    bid: zeroAsNoQuote(bid),
    ask: zeroAsNoQuote(ask),
    ...quote,
    markIv: percentToDecimal(markIvPercent),
    underlyingName: underlying.name,
    underlyingKind: underlying.kind,
    quoteTimeMs,
    lastTradeMs: null,
    source: { file: scope.file, line: row.line },
  };
}
