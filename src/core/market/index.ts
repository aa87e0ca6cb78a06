/**
 * Market data in the core: raw quotes (what readers produce), instrument names and expiries, time to
 * expiry, forwards, quote filters, and the resolve step that turns a snapshot into pricing-ready slices.
 */
export type {
  ChainFormat,
  ChainSnapshot,
  FutureQuote,
  OptionType,
  PremiumUnit,
  RawOptionQuote,
  SourceRef,
  UnderlyingKind,
} from './option-quote.ts';
export {
  parseDeribitExpiry,
  parseDeribitFutureName,
  parseDeribitInstrumentName,
  parseDeribitOptionName,
  parseOccSymbol,
  parseOptionName,
  type NameResult,
  type OptionName,
} from './instrument-name.ts';
export { MS_PER_DAY, MS_PER_YEAR, isoUtc, yearFraction } from './time.ts';
export { defaultForwardOptions, estimateForward, type ForwardEstimate, type ForwardOptions, type ForwardResult, type ForwardSource } from './forward.ts';
export { defaultQuoteFilterOptions, dropReasonText, dropReasons, type DropReason, type QuoteFilterOptions } from './quote-filter.ts';
export {
  defaultResolveOptions,
  resolveChain,
  type DroppedQuote,
  type ExpirySlice,
  type ResolveOptions,
  type ResolvedChain,
  type ResolvedQuote,
} from './resolve-chain.ts';
