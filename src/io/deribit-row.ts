/**
 * Deribit-specific field reads shared by the Deribit readers: instrument names, the premium unit implied
 * by the settlement currency, and the kind of underlying a row is priced off.
 */

import {
  classifyDeribitUnderlying,
  parseDeribitInstrumentName,
  type DeribitInstrumentName,
  type DeribitOptionName,
  type OptionName,
} from '../core/market/instrument-name.ts';
import type { PremiumUnit, UnderlyingKind } from '../core/market/option-quote.ts';
import { reportError, reportWarning, type RowScope } from './row-fields.ts';

/** A Deribit option or future name; null (with an error) when it is neither. */
export function readDeribitName(scope: RowScope, column: string, raw: string | undefined): DeribitInstrumentName | null {
  const text = raw?.trim() ?? '';
  if (text === '') {
    reportError(scope, column, 'missing value');
    return null;
  }
  const parsed = parseDeribitInstrumentName(text);
  if (!parsed.ok) {
    reportError(scope, column, parsed.reason, text);
    return null;
  }
  return parsed.value;
}

/**
 * The option a quote row needs: null for a name that did not parse (already reported) and, with an error,
 * for a future. Call it after the row's other fields are read, so their issues come first.
 */
export function requireOptionName(
  scope: RowScope,
  column: string,
  name: DeribitInstrumentName | null,
  instrument: string,
): DeribitOptionName | null {
  if (name === null) return null;
  if (name.kind === 'option') return name;
  reportError(scope, column, 'a future, not an option', instrument);
  return null;
}

/** Inverse options (settled in the coin) are quoted in coin; linear ones (`BTC_USDC-…`) in the quote currency. */
export function deribitPremiumUnit(name: OptionName): PremiumUnit {
  return name.settleCurrency === name.currency ? 'coin' : 'quote';
}

export interface UnderlyingRef {
  readonly name: string | null;
  readonly kind: UnderlyingKind | null;
}

/**
 * `BTC-27MAR26` → future, `SYN.…` → synthetic, `index_price` → index; unknown names keep a null kind
 * (warning). `cache` memoises the classification (a file repeats a dozen names on every row).
 */
export function readUnderlyingName(
  scope: RowScope,
  column: string,
  raw: string | undefined,
  cache?: Map<string, UnderlyingKind | null>,
): UnderlyingRef {
  const name = raw?.trim() ?? '';
  if (name === '') return { name: null, kind: null };
  let kind = cache?.get(name);
  if (kind === undefined) {
    kind = classifyDeribitUnderlying(name);
    cache?.set(name, kind);
  }
  if (kind === null) reportWarning(scope, column, 'unknown underlying name; its kind is left unset', name);
  return { name, kind };
}
