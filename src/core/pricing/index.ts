/** Black-76 prices and greeks, coin-settled (inverse) option greeks, and implied volatility. */
export { black76Price } from './black76.ts';
export { black76Greeks, black76GreeksInto, GREEK_COUNT, GREEK_SLOT, type Black76Greeks } from './black76-greeks.ts';
export { inverseOptionGreeks, type InverseOptionGreeks } from './inverse-greeks.ts';
export { impliedVolatility, impliedVolatilityBatch, IvStatus, type IvFailure, type IvResult } from './implied-vol.ts';
export * from './fourier/index.ts';
