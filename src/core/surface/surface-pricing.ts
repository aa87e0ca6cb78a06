/**
 * Prices and greeks read off a volatility surface: the Black-76 price and greeks of a European option at
 * the surface's implied vol for its strike and expiry. The surface is defined in log-moneyness, so the
 * forward of the expiry is an input (from the resolved chain, or a forward curve).
 *
 * Greeks are the Black-76 greeks at the surface vol, i.e. sticky-strike: the vol of the strike is held as
 * the forward moves. Smile-adjusted (sticky-moneyness, minimum-variance) deltas are the hedging issue's.
 * Units: forward and strike in the quote currency, T in years, undiscounted unless a discount factor is given.
 */
import type { OptionType } from '../market/option-quote.ts';
import { black76Price } from '../pricing/black76.ts';
import { black76Greeks, type Black76Greeks } from '../pricing/black76-greeks.ts';

/** The part of a surface that pricing needs (VolatilitySurface satisfies it). */
export interface ImpliedVolSource {
  impliedVol(logMoneyness: number, timeYears: number): number;
}

export interface SurfaceQuote {
  readonly vol: number;
  readonly price: number;
  readonly greeks: Readonly<Black76Greeks>;
}

/** Implied vol, price and greeks of one option from the surface; T > 0, F > 0, K > 0. */
export function priceFromSurface(
  surface: ImpliedVolSource,
  forward: number,
  strike: number,
  timeYears: number,
  type: OptionType,
  discountFactor = 1,
): SurfaceQuote {
  const vol = surface.impliedVol(Math.log(strike / forward), timeYears);
  return {
    vol,
    price: black76Price(forward, strike, timeYears, vol, type, discountFactor),
    greeks: black76Greeks(forward, strike, timeYears, vol, type, discountFactor),
  };
}
