/** Validation of CLI flag values: a bad value is a UsageError naming the flag, the value and the reason. */
import type { ChainFormat } from '../core/market/option-quote.ts';

export class UsageError extends Error {}

const chainFormats: readonly ChainFormat[] = [
  'deribit-snapshot-csv',
  'deribit-book-summary-csv',
  'deribit-book-summary-json',
  'deribit-ticker-csv',
  'yahoo-option-chain-csv',
  'generic-csv',
];

export function parseChainFormat(value: string): ChainFormat {
  const format = chainFormats.find((f) => f === value);
  if (format === undefined) throw new UsageError(`--input-format '${value}' is not one of ${chainFormats.join(', ')}`);
  return format;
}

/** A finite number ≥ `min`, or the default when the flag is absent. */
export function parseNumberFlag(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < min) throw new UsageError(`${flag} '${value}' must be a number ≥ ${min}`);
  return x;
}

/** An instant given as ISO-8601 with an explicit zone (Z or ±hh:mm) or as UTC milliseconds. */
export function parseTimeFlag(flag: string, value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) throw new UsageError(`${flag} '${value}' needs a time zone (e.g. 2026-01-30T21:00:00Z)`);
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new UsageError(`${flag} '${value}' is not an ISO-8601 time`);
  return ms;
}
