/**
 * Writes testdata/sample-chain.csv: volcal's own small option chain, in the Deribit snapshot CSV format
 * (the `deribit_znmahbub` layout), for `npm start` and for tests. Nothing in it is copied from real data:
 * every price comes from a known smile (raw SVI total variance per expiry, below) through Black-76, so the
 * tests have an exact oracle for forwards and implied vols.
 *
 * Run: `node scripts/generate-sample-chain.ts` (deterministic: same file every time).
 */
import { writeFileSync } from 'node:fs';
import { black76Price } from '../src/core/pricing/black76.ts';
import { black76Greeks } from '../src/core/pricing/black76-greeks.ts';
import { sampleChainSpec, sampleSmileVol, type SampleExpiry } from '../testdata/sample-chain-spec.ts';

const header =
  'timestamp,instrument_name,underlying,underlying_name,option_type,strike,expiry_datetime,time_to_maturity,bid_price,ask_price,mark_price,mid_price,futures_price,futures_instrument_name,implied_volatility,delta,vega,open_interest,volume,bid_ask_spread,currency,index_price,volume_usd';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const TICK = 0.0001;

function deribitDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()}${MONTHS[d.getUTCMonth()]!}${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
}

function isoDeribit(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', '+00:00');
}

function rows(): string[] {
  const spec = sampleChainSpec;
  const stamp = `${new Date(spec.snapshotTimeMs).toISOString().slice(0, 19)}.000000+00:00`;
  const out: string[] = [];
  for (const currency of spec.currencies) {
    for (const expiry of currency.expiries) {
      const T = (expiry.expiryMs - spec.snapshotTimeMs) / (365 * 86_400_000);
      const date = deribitDate(expiry.expiryMs);
      const underlyingName = expiry.synthetic ? `SYN.${currency.currency}-${date}` : `${currency.currency}-${date}`;
      for (const strike of expiry.strikes) {
        for (const type of ['call', 'put'] as const) {
          out.push(row(currency.currency, currency.index, expiry, strike, type, T, date, underlyingName, stamp));
        }
      }
    }
  }
  return out;
}

function row(
  currency: string,
  index: number,
  expiry: SampleExpiry,
  strike: number,
  type: 'call' | 'put',
  T: number,
  date: string,
  underlyingName: string,
  stamp: string,
): string {
  const F = expiry.forward;
  const vol = sampleSmileVol(expiry, Math.log(strike / F), T);
  const coin = black76Price(F, strike, T, vol, type) / F;
  const greeks = black76Greeks(F, strike, T, vol, type);
  // Spread: 2% of the premium either side, at least one tick; the book is on the tick grid.
  const half = Math.max(0.02 * coin, TICK);
  let bid: number | null = Math.floor((coin - half) / TICK) * TICK;
  let ask: number | null = Math.ceil((coin + half) / TICK) * TICK;
  if (bid < TICK) bid = null; // far wings: nobody bids a premium below one tick
  const k = Math.log(strike / F);
  if (Math.abs(k) > expiry.askOnlyBeyond) bid = null;
  if (Math.abs(k) > expiry.noQuoteBeyond) ask = null;
  const fmt = (x: number | null): string => (x === null ? '' : x.toFixed(4));
  const mid = bid !== null && ask !== null ? fmt((bid + ask) / 2) : '';
  const spread = bid !== null && ask !== null ? fmt(ask - bid) : '';
  const name = `${currency}-${date}-${strike}-${type === 'call' ? 'C' : 'P'}`;
  const premiumAdjustedDelta = greeks.deltaForward - coin;
  return [
    stamp,
    name,
    F.toFixed(2),
    underlyingName,
    type,
    strike.toFixed(1),
    isoDeribit(expiry.expiryMs),
    String((expiry.expiryMs - Date.parse(stamp)) / (365.25 * 86_400_000)),
    fmt(bid),
    fmt(ask),
    coin.toFixed(8),
    mid,
    expiry.synthetic ? '' : F.toFixed(2),
    expiry.synthetic ? '' : underlyingName,
    vol.toFixed(4),
    premiumAdjustedDelta.toFixed(5),
    (greeks.vega / 100).toFixed(5),
    '100.0',
    '10.0',
    spread,
    currency,
    index.toFixed(2),
    '0.0',
  ].join(',');
}

const path = new URL('../testdata/sample-chain.csv', import.meta.url);
const lines = rows();
writeFileSync(path, `${header}\n${lines.join('\n')}\n`);
process.stdout.write(`wrote ${lines.length} rows to ${path.pathname}\n`);
