/**
 * Reader for Yahoo Finance option chains as saved by yfinance (`SPX_all.csv`, shared/data README §7):
 * `contractSymbol` (OCC symbol without padding), `lastTradeDate` (ISO with zone; also accepted under the
 * name `lastTradeDate (UTC)`), `strike`, `bid`, `ask`, `openInterest`, `option_type`, `expiration`
 * (YYYY-MM-DD) and Yahoo extras that are not read.
 *
 * Units: premiums and strikes in index points (premiumUnit `quote`); bid 0 / ask 0 mean no quote (null).
 * Expiry, currency (root SPXW → SPX) and settlement time come from the OCC symbol (instrument-name.ts);
 * `strike`, `option_type` and `expiration` are cross-checked against it. No forward or index in the file
 * (null). Not read: `lastPrice` (a stale trade, not a mark) and `impliedVolatility` (Yahoo's, with a 1e-5
 * placeholder in about 1,000 rows of SPX_all.csv; recompute it).
 * Snapshot time: the file has none. The `snapshotTimeMs` option sets it; otherwise the latest
 * `lastTradeDate` is used and a warning says so.
 */

import { parseOccSymbol } from '../core/market/instrument-name.ts';
import type { RawOptionQuote } from '../core/market/option-quote.ts';
import { readCsvRows, type CsvRow, type RowResult } from './csv-rows.ts';
import { missingColumnsIssue, parseCsvTable } from './csv-table.ts';
import { optionTerms } from './option-terms.ts';
import { zeroAsNoQuote } from './quote-conventions.ts';
import { fileWarning } from './read-issue.ts';
import { completeRead, failedRead, type ReaderOptions, type ReadOutcome } from './read-outcome.ts';
import {
  checkAgreement,
  checkFirstOccurrence,
  OPTIONAL_PRICE,
  readIsoInstant,
  readNumber,
  readOptionType,
  REQUIRED_POSITIVE,
  reportError,
  rowHasError,
  type RowScope,
} from './row-fields.ts';

export const YAHOO_OPTION_CHAIN_COLUMNS = ['contractSymbol', 'strike', 'bid', 'ask'] as const;
/** yfinance writes `lastTradeDate`; some exports label it `lastTradeDate (UTC)`. */
const LAST_TRADE_COLUMNS = ['lastTradeDate', 'lastTradeDate (UTC)'] as const;

export function parseYahooOptionChainCsv(text: string, file: string, options: ReaderOptions = {}): ReadOutcome {
  const parsed = parseCsvTable(text, file);
  if (!parsed.ok) return failedRead(parsed.issue);
  const { header } = parsed.table;
  const lastTradeColumn = LAST_TRADE_COLUMNS.find((name) => header.includes(name)) ?? 'lastTradeDate';
  const required = [...YAHOO_OPTION_CHAIN_COLUMNS, lastTradeColumn];
  const missing = missingColumnsIssue(file, header, required, 'not a Yahoo option-chain CSV');
  if (missing !== null) return failedRead(missing);

  const seen = new Map<string, number>();
  let latestTrade = null as number | null; // assigned in readRow
  const readRow = (row: CsvRow, scope: RowScope): RowResult => {
    const quote = readQuote(row, scope, lastTradeColumn);
    if (quote === null || rowHasError(scope)) return null;
    checkFirstOccurrence(scope, 'contractSymbol', quote.instrument, seen);
    if (quote.lastTradeMs !== null) latestTrade = Math.max(latestTrade ?? quote.lastTradeMs, quote.lastTradeMs);
    return { kind: 'option', quote };
  };
  const rows = readCsvRows(parsed.table, file, readRow);
  const issues =
    options.snapshotTimeMs === undefined && latestTrade !== null
      ? [
          ...rows.issues,
          fileWarning(
            file,
            `the file has no snapshot time; using the latest ${lastTradeColumn}, ${new Date(latestTrade).toISOString()} (set snapshotTimeMs to override)`,
          ),
        ]
      : rows.issues;
  return completeRead(
    {
      ...rows,
      issues,
      file,
      format: 'yahoo-option-chain-csv',
      fileTimeMs: latestTrade,
      missingTimeReason: `the file has no snapshot time and no valid ${lastTradeColumn}`,
    },
    options,
  );
}

function readQuote(row: CsvRow, scope: RowScope, lastTradeColumn: string): RawOptionQuote | null {
  const symbol = row.cell('contractSymbol')?.trim() ?? '';
  const name = parseOccSymbol(symbol);
  if (!name.ok) reportError(scope, 'contractSymbol', name.reason, symbol);
  const strike = readNumber(scope, 'strike', row.cell('strike'), REQUIRED_POSITIVE);
  const bid = readNumber(scope, 'bid', row.cell('bid'), OPTIONAL_PRICE);
  const ask = readNumber(scope, 'ask', row.cell('ask'), OPTIONAL_PRICE);
  const openInterest = readNumber(scope, 'openInterest', row.cell('openInterest'), OPTIONAL_PRICE);
  const lastTradeMs = readIsoInstant(scope, lastTradeColumn, row.cell(lastTradeColumn), false);
  const typeText = row.cell('option_type');
  const type = typeText === undefined ? null : readOptionType(scope, 'option_type', typeText);
  if (!name.ok) return null;
  const terms = name.value;
  checkAgreement(scope, 'strike', terms.strike, strike, 'strike');
  checkAgreement(scope, 'option_type', terms.type, type, 'type');
  const expiration = row.cell('expiration')?.trim();
  if (expiration !== undefined && expiration !== '') {
    checkAgreement(scope, 'expiration', `20${symbol.slice(-15, -13)}-${symbol.slice(-13, -11)}-${symbol.slice(-11, -9)}`, expiration, 'date');
  }
  const currency = row.cell('currency')?.trim();
  if (currency !== undefined && currency !== '') checkAgreement(scope, 'currency', terms.settleCurrency, currency, 'currency');
  return {
    ...optionTerms(symbol, terms, 'quote'),
    bid: zeroAsNoQuote(bid),
    ask: zeroAsNoQuote(ask),
    mark: null,
    markIv: null,
    underlyingPrice: null,
    underlyingName: null,
    underlyingKind: null,
    indexPrice: null,
    quoteTimeMs: null,
    lastTradeMs,
    openInterest,
    source: { file: scope.file, line: row.line },
  };
}
