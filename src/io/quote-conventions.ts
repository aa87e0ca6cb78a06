/**
 * Venue conventions turned into RawOptionQuote's: a best price of exactly 0 that means an empty side of the
 * book (Deribit `public/ticker` `best_bid_price`/`best_ask_price`, Yahoo `bid`/`ask`), and implied vols
 * quoted in percent (Deribit `mark_iv`: 76.87 → 0.7687). Both pass null (no value read) through.
 */

/** 0 → null (no quote on that side); any other price unchanged. */
export function zeroAsNoQuote(price: number | null): number | null {
  return price === 0 ? null : price;
}

/** Percent → decimal (55 → 0.55). */
export function percentToDecimal(value: number | null): number | null {
  return value === null ? null : value / 100;
}
