/**
 * Candidate jump parameters shared by the jump models' starts (Bates, Merton): a small grid over jump
 * intensity, mean and spread that spans what crypto smiles show — rare large crashes, frequent small
 * jumps, and the skew's sign read off the market. Deterministic; the calibrator prices each candidate and
 * starts from the best.
 */
import type { LognormalJumpParams } from '../../pricing/fourier/lognormal-jumps.ts';
import type { MarketShape } from '../market-shape.ts';
import { shortReferenceExpiry } from './heston-spec.ts';

export function lognormalJumpCandidates(shape: MarketShape): LognormalJumpParams[] {
  const skew = shape.length > 0 ? shape[shortReferenceExpiry(shape)]!.atmSkew : -0.1;
  const sign = skew > 0 ? 1 : -1;
  return [
    { lambda: 0.5, nu: 0.15 * sign, delta: 0.15 },
    { lambda: 2, nu: 0.05 * sign, delta: 0.1 },
    { lambda: 10, nu: 0.01 * sign, delta: 0.05 },
    { lambda: 1, nu: -0.1, delta: 0.2 },
    // Many small jumps: what the February 2026 crash fits end at (λ near its bound, δ of a few percent);
    // starting there took Bates from 64 to 41 iterations on the 5 Feb 21:29 BTC snapshot.
    { lambda: 50, nu: 0.005 * sign, delta: 0.04 },
  ];
}
