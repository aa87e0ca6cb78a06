/**
 * One Deribit book-summary entry (`public/get_book_summary_by_currency`) → an option quote or a future,
 * shared by the CSV and JSON readers. The entry is seen through {@link CsvRow}: a JSON object's values are
 * handed over as their JSON text, so both formats get the same checks and messages.
 *
 * Units: bid/ask/mark in coin for inverse options (USDC for linear `_USDC` ones); `underlying_price` is the
 * forward of the future or synthetic named by `underlying_index`; `estimated_delivery_price` is the index;
 * `mark_iv` is in percent (read as a decimal); `creation_timestamp` is epoch ms. Strike, expiry and type come
 * from `instrument_name`; `strike_price`, `option_type` (C/P) and `expire_date` (26JAN24), where a dump has
 * them, are cross-checked against it. A future entry becomes a FutureQuote at its mark price.
 */

import type { FutureQuote, RawOptionQuote } from '../core/market/option-quote.ts';
import { parseDeribitExpiry } from '../core/market/instrument-name.ts';
import type { CsvRow, RowResult } from './csv-rows.ts';
import { deribitPremiumUnit, readDeribitName, readUnderlyingName } from './deribit-row.ts';
import { optionTerms } from './option-terms.ts';
import { percentToDecimal } from './quote-conventions.ts';
import {
  checkAgreement,
  checkFirstOccurrence,
  OPTIONAL_POSITIVE,
  OPTIONAL_PRICE,
  readEpochMs,
  readNumber,
  readOptionType,
  REQUIRED_POSITIVE,
  reportError,
  rowHasError,
  type RowScope,
} from './row-fields.ts';

export interface BookSummaryRow {
  readonly result: RowResult;
  /** The entry's `creation_timestamp`, when valid. */
  readonly createdMs: number | null;
}

/** Reads one entry; `seen` maps instruments already read to their line, to reject duplicates. */
export function readBookSummaryRow(row: CsvRow, scope: RowScope, seen: Map<string, number>): BookSummaryRow {
  const createdMs = readEpochMs(scope, 'creation_timestamp', row.cell('creation_timestamp'), true);
  const result = readInstrumentRow(row, scope, createdMs);
  if (result === null || createdMs === null || rowHasError(scope)) return { result: null, createdMs };
  const instrument = result.kind === 'option' ? result.quote.instrument : result.future.instrument;
  checkFirstOccurrence(scope, 'instrument_name', instrument, seen);
  return { result, createdMs };
}

function readInstrumentRow(row: CsvRow, scope: RowScope, createdMs: number | null): RowResult {
  const instrument = row.cell('instrument_name')?.trim() ?? '';
  const name = readDeribitName(scope, 'instrument_name', instrument);
  if (name === null) return null;
  const baseCurrency = row.cell('base_currency')?.trim() ?? '';
  if (baseCurrency !== '') checkAgreement(scope, 'base_currency', name.currency, baseCurrency, 'currency');
  if (name.kind === 'future') {
    const price = readNumber(scope, 'mark_price', row.cell('mark_price'), REQUIRED_POSITIVE);
    if (price === null) return null;
    const future: FutureQuote = {
      instrument,
      currency: name.currency,
      expiryMs: name.expiryMs,
      price,
      source: { file: scope.file, line: row.line },
    };
    return { kind: 'future', future };
  }
  checkOptionalColumns(row, scope, name.strike, name.type, name.expiryMs);
  const underlying = readUnderlyingName(scope, 'underlying_index', row.cell('underlying_index'));
  const quote: RawOptionQuote = {
    ...optionTerms(instrument, name, deribitPremiumUnit(name)),
    bid: readNumber(scope, 'bid_price', row.cell('bid_price'), OPTIONAL_PRICE),
    ask: readNumber(scope, 'ask_price', row.cell('ask_price'), OPTIONAL_PRICE),
    mark: readNumber(scope, 'mark_price', row.cell('mark_price'), OPTIONAL_PRICE),
    markIv: percentToDecimal(readNumber(scope, 'mark_iv', row.cell('mark_iv'), OPTIONAL_PRICE)),
    underlyingPrice: readNumber(scope, 'underlying_price', row.cell('underlying_price'), REQUIRED_POSITIVE),
    underlyingName: underlying.name,
    underlyingKind: underlying.kind,
    indexPrice: readNumber(scope, 'estimated_delivery_price', row.cell('estimated_delivery_price'), OPTIONAL_POSITIVE),
    quoteTimeMs: createdMs,
    lastTradeMs: null,
    openInterest: readNumber(scope, 'open_interest', row.cell('open_interest'), OPTIONAL_PRICE),
    source: { file: scope.file, line: row.line },
  };
  return { kind: 'option', quote };
}

/** `strike_price`, `option_type` (C/P) and `expire_date` (26JAN24), in the column set that has them. */
function checkOptionalColumns(row: CsvRow, scope: RowScope, strike: number, type: 'call' | 'put', expiryMs: number): void {
  const strikeText = row.cell('strike_price');
  if (strikeText !== undefined)
    checkAgreement(scope, 'strike_price', strike, readNumber(scope, 'strike_price', strikeText, REQUIRED_POSITIVE), 'strike');
  const typeText = row.cell('option_type');
  if (typeText !== undefined) checkAgreement(scope, 'option_type', type, readOptionType(scope, 'option_type', typeText), 'type');
  const expiryText = row.cell('expire_date')?.trim();
  if (expiryText !== undefined) {
    const expiry = parseDeribitExpiry(expiryText);
    if (!expiry.ok) reportError(scope, 'expire_date', expiry.reason, expiryText);
    else if (expiry.value !== expiryMs) reportError(scope, 'expire_date', 'disagrees with the instrument name', expiryText);
  }
}
