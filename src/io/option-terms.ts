/**
 * The contract terms a reader copies from a parsed instrument name (instrument-name.ts) into a quote: the
 * first six fields of every RawOptionQuote, in the order the type declares them. The name is the authority;
 * readers cross-check their own strike/type/expiry columns against it before calling this.
 */

import type { OptionName } from '../core/market/instrument-name.ts';
import type { PremiumUnit, RawOptionQuote } from '../core/market/option-quote.ts';

export type OptionTerms = Pick<RawOptionQuote, 'instrument' | 'currency' | 'expiryMs' | 'strike' | 'type' | 'premiumUnit'>;

export function optionTerms(instrument: string, name: OptionName, premiumUnit: PremiumUnit): OptionTerms {
  return { instrument, currency: name.currency, expiryMs: name.expiryMs, strike: name.strike, type: name.type, premiumUnit };
}
