/**
 * The `inspect` use case: a read option chain becomes a report per currency and expiry: forward and its
 * source, quotes kept and dropped by reason, ATM implied vol, and bid/mid/ask implied vols. The report is
 * plain data (JSON-safe: every number finite, absent values null) that the CLI prints as text or JSON and
 * that later the HTTP API serves.
 */
import type { ChainSnapshot } from '../core/market/option-quote.ts';
import { resolveChain, type ExpirySlice, type ResolveOptions, type ResolvedQuote } from '../core/market/resolve-chain.ts';
import { emptyDropCounts, type DropReason } from '../core/market/quote-filter.ts';
import type { ForwardSource } from '../core/market/forward.ts';
import { isoUtc } from '../core/market/time.ts';

export interface ReportIssue {
  readonly line: number;
  readonly column: string;
  readonly reason: string;
  readonly severity: 'error' | 'warning';
}

export interface QuoteReport {
  readonly instrument: string;
  readonly type: 'call' | 'put';
  readonly strike: number;
  readonly logMoneyness: number;
  readonly bidIv: number | null;
  readonly midIv: number;
  readonly askIv: number | null;
  readonly markIv: number | null;
  readonly bidUsd: number;
  readonly askUsd: number;
  readonly bidCoin: number | null;
  readonly askCoin: number | null;
  readonly line: number;
}

export interface ExpiryReport {
  readonly expiry: string;
  readonly expiryMs: number;
  readonly timeToExpiryYears: number;
  readonly forward: number | null;
  readonly forwardSource: ForwardSource | null;
  readonly discountFactor: number | null;
  readonly parityPairs: number;
  readonly quotesTotal: number;
  readonly quotesKept: number;
  readonly dropped: Readonly<Record<DropReason, number>>;
  /** Mid IV at k = 0 (interpolated in total variance). */
  readonly atmVol: number | null;
  /** Bid/mid/ask IVs of the kept quote nearest the money. */
  readonly nearestAtm: { readonly strike: number; readonly bidIv: number | null; readonly midIv: number; readonly askIv: number | null } | null;
  readonly quotes: readonly QuoteReport[];
  /** Every dropped quote with its reason code and source line. */
  readonly droppedQuotes: readonly { readonly instrument: string; readonly reason: DropReason; readonly line: number }[];
}

export interface CurrencyReport {
  readonly currency: string;
  readonly quotesTotal: number;
  readonly quotesKept: number;
  readonly dropped: Readonly<Record<DropReason, number>>;
  readonly expiries: readonly ExpiryReport[];
}

export interface InspectReport {
  readonly file: string;
  readonly format: string | null;
  readonly snapshotTime: string | null;
  readonly snapshotTimeMs: number | null;
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly issues: readonly ReportIssue[];
  readonly currencies: readonly CurrencyReport[];
}

export interface ReadResultLike {
  readonly snapshot: ChainSnapshot | null;
  readonly issues: readonly ReportIssue[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
}

export function buildInspectReport(file: string, read: ReadResultLike, options: Partial<ResolveOptions> = {}): InspectReport {
  const snapshot = read.snapshot;
  const issues = read.issues.map(({ line, column, reason, severity }) => ({ line, column, reason, severity }));
  if (snapshot === null) {
    return { file, format: null, snapshotTime: null, snapshotTimeMs: null, rowsRead: read.rowsRead, rowsRejected: read.rowsRejected, issues, currencies: [] };
  }
  const currencies = resolveChain(snapshot, options).map((chain) => {
    const expiries = chain.slices.map(expiryReport);
    return {
      currency: chain.currency,
      quotesTotal: sum(expiries, (e) => e.quotesTotal),
      quotesKept: sum(expiries, (e) => e.quotesKept),
      dropped: addCounts(expiries.map((e) => e.dropped)),
      expiries,
    };
  });
  return {
    file,
    format: snapshot.format,
    snapshotTime: isoUtc(snapshot.snapshotTimeMs),
    snapshotTimeMs: snapshot.snapshotTimeMs,
    rowsRead: read.rowsRead,
    rowsRejected: read.rowsRejected,
    issues,
    currencies,
  };
}

function expiryReport(slice: ExpirySlice): ExpiryReport {
  const nearest = nearestAtm(slice.quotes);
  return {
    expiry: isoUtc(slice.expiryMs),
    expiryMs: slice.expiryMs,
    timeToExpiryYears: slice.timeToExpiryYears,
    forward: slice.forward?.forward ?? null,
    forwardSource: slice.forward?.source ?? null,
    discountFactor: slice.forward?.discountFactor ?? null,
    parityPairs: slice.forward?.pairsUsed ?? 0,
    quotesTotal: slice.quotes.length + slice.dropped.length,
    quotesKept: slice.quotes.length,
    dropped: slice.dropCounts,
    atmVol: slice.atmVol,
    nearestAtm: nearest === null ? null : { strike: nearest.strike, bidIv: nearest.bidIv, midIv: nearest.midIv, askIv: nearest.askIv },
    quotes: slice.quotes.map((q) => ({
      instrument: q.instrument,
      type: q.type,
      strike: q.strike,
      logMoneyness: q.logMoneyness,
      bidIv: q.bidIv,
      midIv: q.midIv,
      askIv: q.askIv,
      markIv: q.markIv,
      bidUsd: q.bidUsd,
      askUsd: q.askUsd,
      bidCoin: q.bidCoin,
      askCoin: q.askCoin,
      line: q.source.line,
    })),
    droppedQuotes: slice.dropped.map((d) => ({ instrument: d.instrument, reason: d.reason, line: d.source.line })),
  };
}

function nearestAtm(quotes: readonly ResolvedQuote[]): ResolvedQuote | null {
  let best: ResolvedQuote | null = null;
  for (const q of quotes) if (best === null || Math.abs(q.logMoneyness) < Math.abs(best.logMoneyness)) best = q;
  return best;
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += f(item);
  return total;
}

function addCounts(counts: readonly Readonly<Record<DropReason, number>>[]): Record<DropReason, number> {
  const total = emptyDropCounts();
  for (const c of counts) for (const [reason, n] of Object.entries(c) as [DropReason, number][]) total[reason] += n;
  return total;
}
