/**
 * The known truth behind testdata/sample-chain.csv (written by scripts/generate-sample-chain.ts):
 * snapshot time, forwards and a raw SVI smile per expiry. Tests compare what volcal recovers from the CSV
 * with these numbers.
 *
 * Raw SVI (Gatheral 2004): total variance w(k) = a + b·(ρ·(k − m) + √((k − m)² + s²)), k = ln(K/F).
 * Parameters are chosen to look like Deribit BTC/ETH smiles in early 2026 (ATM 42–74%, put skew); they
 * are not fitted to anything. Prices are on the 0.0001-coin tick grid with a 2% half-spread, and the far
 * wings are ask-only or empty, as on Deribit, so the filters have something to drop.
 */

export interface SampleExpiry {
  readonly expiryMs: number;
  readonly forward: number;
  /** True when the venue quotes no future for this expiry (Deribit `SYN.` underlying). */
  readonly synthetic: boolean;
  readonly svi: { readonly a: number; readonly b: number; readonly rho: number; readonly m: number; readonly s: number };
  readonly strikes: readonly number[];
  /** |k| beyond which the book has no bid (ask-only quotes). */
  readonly askOnlyBeyond: number;
  /** |k| beyond which the book has neither side. */
  readonly noQuoteBeyond: number;
}

export interface SampleCurrency {
  readonly currency: string;
  readonly index: number;
  readonly expiries: readonly SampleExpiry[];
}

const SNAPSHOT = Date.UTC(2026, 2, 2, 9, 0, 0);
const expiryAt = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d, 8, 0, 0);
const years = (ms: number): number => (ms - SNAPSHOT) / (365 * 86_400_000);

function strikeGrid(forward: number, T: number, step: number, width: number): number[] {
  const out: number[] = [];
  const lo = forward * Math.exp(-width * Math.sqrt(T) * 2.0);
  const hi = forward * Math.exp(width * Math.sqrt(T) * 2.3);
  for (let k = Math.ceil(lo / step) * step; k <= hi; k += step) out.push(k);
  return out;
}

function expiry(
  ms: number,
  forward: number,
  synthetic: boolean,
  atmVol: number,
  skew: number,
  step: number,
): SampleExpiry {
  const T = years(ms);
  const atmW = atmVol * atmVol * T;
  // Curvature and wings in units of the ATM standard deviation σ√T: w''(0) ≈ b/s = 0.8, wing slopes
  // b(1 ± ρ) well inside Roger Lee's bound of 2, so the smile is arbitrage-free and looks like Deribit's.
  const s = 0.5 * atmVol * Math.sqrt(T);
  const b = 0.4 * atmVol * Math.sqrt(T);
  const rho = skew;
  const m = 0.02 * Math.sqrt(T);
  // Choose a so that w(0) = atmW.
  const a = atmW - b * (rho * (0 - m) + Math.sqrt(m * m + s * s));
  return {
    expiryMs: ms,
    forward,
    synthetic,
    svi: { a, b, rho, m, s },
    strikes: strikeGrid(forward, T, step, atmVol),
    askOnlyBeyond: 1.6 * atmVol * Math.sqrt(T) + 0.05,
    noQuoteBeyond: 2.0 * atmVol * Math.sqrt(T) + 0.08,
  };
}

export const sampleChainSpec = {
  snapshotTimeMs: SNAPSHOT,
  currencies: [
    {
      currency: 'BTC',
      index: 68_000,
      expiries: [
        expiry(expiryAt(2026, 3, 3), 68_012.5, true, 0.42, -0.25, 500),
        expiry(expiryAt(2026, 3, 6), 68_050, false, 0.46, -0.3, 500),
        expiry(expiryAt(2026, 3, 27), 68_310, false, 0.5, -0.3, 2000),
        expiry(expiryAt(2026, 4, 24), 68_640, true, 0.52, -0.28, 2000),
        expiry(expiryAt(2026, 6, 26), 69_420, false, 0.54, -0.25, 5000),
        expiry(expiryAt(2026, 12, 25), 71_250, false, 0.56, -0.2, 5000),
      ],
    },
    {
      currency: 'ETH',
      index: 2_000,
      expiries: [
        expiry(expiryAt(2026, 3, 3), 2_000.4, true, 0.6, -0.2, 10),
        expiry(expiryAt(2026, 3, 6), 2_001.5, false, 0.64, -0.22, 20),
        expiry(expiryAt(2026, 3, 27), 2_009.8, false, 0.68, -0.25, 50),
        expiry(expiryAt(2026, 6, 26), 2_042.0, false, 0.72, -0.22, 100),
        expiry(expiryAt(2026, 12, 25), 2_096.0, false, 0.74, -0.18, 200),
      ],
    },
  ] satisfies readonly SampleCurrency[],
};

/** The generating smile's implied vol at log-moneyness k for an expiry T years away. */
export function sampleSmileVol(e: SampleExpiry, k: number, T: number): number {
  const { a, b, rho, m, s } = e.svi;
  const w = a + b * (rho * (k - m) + Math.sqrt((k - m) * (k - m) + s * s));
  return Math.sqrt(w / T);
}
