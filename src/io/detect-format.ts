/**
 * Which reader a file needs, from its first line (CSV header) or its JSON shape; and, for the files that
 * are not option chains (price histories, volatility series, futures marks, index files), a plain
 * description of what they look like, so the caller can say so in one sentence. Pure.
 */

import type { ChainFormat } from '../core/market/option-quote.ts';
import { parseCsv } from './csv.ts';
import { describeColumns } from './csv-table.ts';

export type Detection =
  | { readonly kind: 'chain'; readonly format: ChainFormat }
  /** `reason` is the whole message, e.g. "not an option chain: looks like a daily price history (columns …)". */
  | { readonly kind: 'not-chain'; readonly reason: string };

const NOT_A_CHAIN = 'not an option chain';
/** Enough of the file to see the header and first data row. */
const HEAD_CHARS = 64 * 1024;

export function detectFormat(text: string): Detection {
  const head = text.slice(0, HEAD_CHARS);
  if (head.trim() === '') return notChain('the file is empty');
  if (looksBinary(head)) return notChain('binary data, not text');
  const first = head.replace(/^\uFEFF/, '').trimStart()[0];
  if (first === '[' || first === '{') return detectJson(text);
  return detectCsv(head);
}

function detectCsv(head: string): Detection {
  const [headerRecord, firstRow] = parseCsv(firstLines(head, 2)).records;
  const header = (headerRecord?.fields ?? []).map((name) => name.trim());
  const has = (...names: string[]): boolean => names.every((name) => header.includes(name));
  const columns = `(columns ${describeColumns(header, 6)})`;
  if (has('instrument_name', 'underlying_name', 'timestamp', 'bid_price')) return chain('deribit-snapshot-csv');
  if (has('instrument_name', 'creation_timestamp')) return chain('deribit-book-summary-csv');
  if (has('instrument_name', 'best_bid_price')) return chain('deribit-ticker-csv');
  if (has('contractSymbol', 'bid', 'ask')) return chain('yahoo-option-chain-csv');

  if (has('futures_instrument_name', 'snapshot_term_mark_price'))
    return notChain(`looks like dated-futures marks per snapshot, not option quotes ${columns}`);
  if (has('perp_futures_mark_price')) return notChain(`looks like perpetual-futures prices per snapshot ${columns}`);
  if (has('snapshot_utc') || (header.includes('file') && header.some((name) => name.startsWith('rows_'))))
    return notChain(`looks like an index of snapshot files ${columns}`);
  if (header.some((name) => /hist_?vol|realized_?vol|realised_?vol/i.test(name)))
    return notChain(`looks like a historical-volatility series ${columns}`);
  if (header.includes('Close') && (header.includes('Date') || header.includes('Unix') || header[0] === 'Price')) {
    const dateIndex = header.includes('Date') ? header.indexOf('Date') : 0;
    const firstDate = firstRow?.fields[dateIndex] ?? '';
    const period = /\d{1,2}:\d{2}/.test(firstDate) ? 'an intraday' : 'a daily';
    return notChain(`looks like ${period} price history ${columns}`);
  }
  if (header.length <= 1) return notChain(`neither CSV nor JSON: the first line has no commas ('${excerptOf(header[0] ?? '')}')`);
  return notChain(`unrecognised columns ${columns}; for a CSV in another layout give a column mapping (generic-csv)`);
}

function detectJson(text: string): Detection {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // Let the JSON reader report where a broken book summary breaks.
    if (text.includes('"instrument_name"')) return chain('deribit-book-summary-json');
    return notChain(`JSON that does not parse (${error instanceof Error ? error.message : String(error)})`);
  }
  const body = typeof document === 'object' && document !== null && !Array.isArray(document) ? (document as Record<string, unknown>) : null;
  const items = Array.isArray(document) ? (document as unknown[]) : Array.isArray(body?.result) ? (body.result as unknown[]) : null;
  if (items !== null) {
    const sample = items.find((item) => item !== null && typeof item === 'object');
    if (sample !== undefined && !Array.isArray(sample) && 'instrument_name' in sample) return chain('deribit-book-summary-json');
    if (items.length > 0 && items.every((item) => Array.isArray(item) && item.every((x) => typeof x === 'number')))
      return notChain(`looks like a time series of [timestamp, value, …] arrays (${items.length} points, e.g. Deribit DVOL)`);
    if (items.length === 0) return notChain('an empty JSON array');
  }
  if (body !== null && typeof body.error === 'object' && body.error !== null) return chain('deribit-book-summary-json');
  const keys = body === null ? '' : ` (keys ${Object.keys(body).slice(0, 6).join(', ')})`;
  return notChain(`JSON that is not a Deribit book summary${keys}`);
}

function chain(format: ChainFormat): Detection {
  return { kind: 'chain', format };
}

function notChain(what: string): Detection {
  return { kind: 'not-chain', reason: `${NOT_A_CHAIN}: ${what}` };
}

/** Text up to the end of the n-th line. */
function firstLines(text: string, n: number): string {
  let end = 0;
  for (let k = 0; k < n; k++) {
    const next = text.indexOf('\n', end);
    if (next === -1) return text;
    end = next + 1;
  }
  return text.slice(0, end);
}

/** NUL bytes, or many replacement characters (bytes that were not UTF-8), in the first 4 KiB. */
function looksBinary(head: string): boolean {
  const sample = head.slice(0, 4096);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return bad > sample.length / 20;
}

function excerptOf(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
