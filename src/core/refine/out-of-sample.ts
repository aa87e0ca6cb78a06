/**
 * Out-of-sample validation: a calibration at snapshot t₀ predicts the implied vols of the next snapshot
 * t₁, and is scored against the market there — beside the naive predictor that every model must beat to
 * be worth its parameters: the same instrument's mid implied vol at t₀.
 *
 * Two ways to carry a fitted smile forward (Derman, "Regimes of volatility", 1999):
 * - sticky log-moneyness: the expiry's smile σ(k) keeps its shape around the new forward,
 *   σ̂(K) = σ₀(ln(K/F₁));
 * - sticky strike: each strike keeps its vol, σ̂(K) = σ₀(ln(K/F₀)).
 * - residual-corrected (sticky moneyness on top of the market): the instrument's t₀ mid plus the fitted
 *   smile's change between its old and new moneyness, σ̂(K) = σ_mid,0(K) + σ₀(ln(K/F₁)) − σ₀(ln(K/F₀)): the
 *   refined surface that reprices t₀'s quotes exactly and moves them the way the model says smiles move.
 * σ₀ is the fitted smile of the expiry date as it was at t₀ (its t₀ time to expiry); the market at t₁ is
 * compared on the same instruments for every predictor: those quoted (kept by the filters) in both
 * snapshots, of expiries at least `minTimeToExpiryYears` out at t₁, where every predictor has a value.
 *
 * Scores: RMSE and mean absolute error against the t₁ mid, in vol points (100 × decimal vol), and the share
 * of the two-sided quotes whose prediction lies inside the t₁ bid–ask spread.
 */
import type { SmileSlice } from '../calibration/smile-slice.ts';

/**
 * A previous calibration's smiles: writes σ₀(k) for expiry `expiryMs` at each k into out (NaN where the fit
 * says nothing); false when the calibration has no smile for that expiry.
 */
export type FittedSmiles = (expiryMs: number, logMoneyness: Float64Array, out: Float64Array) => boolean;

export interface PredictionScore {
  readonly quotes: number;
  readonly rmseVolPoints: number;
  readonly meanAbsErrorVolPoints: number;
  readonly twoSidedQuotes: number;
  readonly insideSpreadShare: number;
}

export interface OutOfSampleScores {
  readonly stickyMoneyness: PredictionScore;
  readonly stickyStrike: PredictionScore;
  readonly residualCorrected: PredictionScore;
  readonly naive: PredictionScore;
}

export interface OutOfSampleOptions {
  readonly minTimeToExpiryYears: number;
}

/** Scores of the previous calibration's predictions of `current` (and of the naive predictor). */
export function scoreOutOfSample(
  previous: readonly SmileSlice[],
  current: readonly SmileSlice[],
  smiles: FittedSmiles,
  options: OutOfSampleOptions,
): OutOfSampleScores {
  const byExpiry = new Map(previous.map((s) => [s.expiryMs, s]));
  const acc = { moneyness: accumulator(), strike: accumulator(), corrected: accumulator(), naive: accumulator() };
  for (const slice of current) {
    if (slice.timeToExpiryYears < options.minTimeToExpiryYears) continue;
    const before = byExpiry.get(slice.expiryMs);
    if (before === undefined) continue;
    const previousMid = new Map(before.instruments.map((name, i) => [name, before.midVol[i]!]));
    const matched: number[] = [];
    for (let i = 0; i < slice.count; i++) if (previousMid.has(slice.instruments[i]!)) matched.push(i);
    if (matched.length === 0) continue;
    const kMoneyness = Float64Array.from(matched, (i) => slice.logMoneyness[i]!);
    const kStrike = Float64Array.from(matched, (i) => Math.log(slice.strike[i]! / before.forward));
    const volMoneyness = new Float64Array(matched.length);
    const volStrike = new Float64Array(matched.length);
    if (!smiles(slice.expiryMs, kMoneyness, volMoneyness) || !smiles(slice.expiryMs, kStrike, volStrike)) continue;
    matched.forEach((i, j) => {
      const naive = previousMid.get(slice.instruments[i]!)!;
      const a = volMoneyness[j]!;
      const b = volStrike[j]!;
      if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(naive)) return;
      const mid = slice.midVol[i]!;
      const bid = slice.bidVol[i]!;
      const ask = slice.askVol[i]!;
      const twoSided = bid > 0 && Number.isFinite(ask);
      add(acc.moneyness, a, mid, bid, ask, twoSided);
      add(acc.strike, b, mid, bid, ask, twoSided);
      add(acc.corrected, naive + a - b, mid, bid, ask, twoSided);
      add(acc.naive, naive, mid, bid, ask, twoSided);
    });
  }
  return {
    stickyMoneyness: score(acc.moneyness),
    stickyStrike: score(acc.strike),
    residualCorrected: score(acc.corrected),
    naive: score(acc.naive),
  };
}

interface Accumulator {
  quotes: number;
  sumSq: number;
  sumAbs: number;
  twoSided: number;
  inside: number;
}

function accumulator(): Accumulator {
  return { quotes: 0, sumSq: 0, sumAbs: 0, twoSided: 0, inside: 0 };
}

function add(acc: Accumulator, predicted: number, mid: number, bid: number, ask: number, twoSided: boolean): void {
  const error = predicted - mid;
  acc.quotes++;
  acc.sumSq += error * error;
  acc.sumAbs += Math.abs(error);
  if (twoSided) {
    acc.twoSided++;
    if (predicted >= bid && predicted <= ask) acc.inside++;
  }
}

function score(acc: Accumulator): PredictionScore {
  const n = Math.max(acc.quotes, 1);
  return {
    quotes: acc.quotes,
    rmseVolPoints: 100 * Math.sqrt(acc.sumSq / n),
    meanAbsErrorVolPoints: (100 * acc.sumAbs) / n,
    twoSidedQuotes: acc.twoSided,
    insideSpreadShare: acc.twoSided > 0 ? acc.inside / acc.twoSided : 0,
  };
}
