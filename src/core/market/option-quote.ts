/**
 * The raw option quote: what a reader of an exchange format hands to the core, before any
 * resolution (no forwards chosen, no implied vols, no filtering). Every reader in `src/io/` produces
 * these; `resolveChain` (resolve-chain.ts) turns them into pricing-ready expiry slices.
 *
 * Units (docs/conventions.md): strikes and forwards in the quote currency (USD for Deribit, index
 * points for SPX); premiums in `premiumUnit`; times are UTC epoch milliseconds; vols are annualised
 * decimals (0.55 = 55%).
 */

export type OptionType = 'call' | 'put';

/**
 * Unit of a quoted premium.
 * - `coin`: units of the underlying coin per option on one coin (Deribit inverse options);
 *   the premium in the quote currency is `coin price × forward`.
 * - `quote`: quote currency per unit of underlying (USD, or index points for SPX).
 */
export type PremiumUnit = 'coin' | 'quote';

/** What the venue's `underlying` price for an expiry is: a dated future, a synthetic
 * (Deribit's `SYN.*` put–call parity forward), or the spot index (no forward quoted). */
export type UnderlyingKind = 'future' | 'synthetic' | 'index';

/** Where a row came from, for error messages and audit: file name and 1-based line number. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

export interface RawOptionQuote {
  /** Venue instrument name, e.g. `BTC-27MAR26-90000-C` or `SPXW260206C06900000`. */
  readonly instrument: string;
  /** Underlying asset: `BTC`, `ETH`, `SPX`, ... Chains are resolved per currency. */
  readonly currency: string;
  readonly expiryMs: number;
  /** Strike in the quote currency. */
  readonly strike: number;
  readonly type: OptionType;
  readonly premiumUnit: PremiumUnit;
  /** Best bid premium in `premiumUnit`; null when the book has no bid. */
  readonly bid: number | null;
  /** Best ask premium in `premiumUnit`; null when the book has no ask. */
  readonly ask: number | null;
  /** Venue mark premium in `premiumUnit`, when the format has one. */
  readonly mark: number | null;
  /** Venue mark implied vol (decimal), when the format has one. */
  readonly markIv: number | null;
  /** Venue's forward for this expiry in the quote currency (Deribit `underlying_price`), if any. */
  readonly underlyingPrice: number | null;
  /** Venue's name for that underlying (`BTC-27MAR26`, `SYN.BTC-16JAN26`, `index_price`), if any. */
  readonly underlyingName: string | null;
  readonly underlyingKind: UnderlyingKind | null;
  /** Spot index in the quote currency, if the format has one. */
  readonly indexPrice: number | null;
  /** When this row's quote was observed, if the format records it per row (else null: the snapshot time). */
  readonly quoteTimeMs: number | null;
  /** Time of the last trade, if known (SPX chain); used by the staleness filter. */
  readonly lastTradeMs: number | null;
  readonly openInterest: number | null;
  readonly source: SourceRef;
}

/** A dated future or perpetual price seen in the same snapshot (quote currency). */
export interface FutureQuote {
  readonly instrument: string;
  readonly currency: string;
  /** Expiry of the future; null for a perpetual. */
  readonly expiryMs: number | null;
  readonly price: number;
  readonly source: SourceRef;
}

/** Formats the readers understand; `generic` is a CSV read through a user column mapping. */
export type ChainFormat =
  | 'deribit-snapshot-csv'
  | 'deribit-book-summary-csv'
  | 'deribit-book-summary-json'
  | 'deribit-ticker-csv'
  | 'yahoo-option-chain-csv'
  | 'generic-csv';

/** One option-chain snapshot as read from one file: possibly several currencies and expiries. */
export interface ChainSnapshot {
  readonly file: string;
  readonly format: ChainFormat;
  /** The snapshot's valuation time, UTC ms: the file's collection time. */
  readonly snapshotTimeMs: number;
  readonly quotes: readonly RawOptionQuote[];
  readonly futures: readonly FutureQuote[];
}
