/**
 * Reader for the JSON returned by Deribit's `public/get_book_summary_by_currency` (normally `kind=option`):
 * the JSON-RPC envelope `{"jsonrpc":"2.0","result":[…],"usIn":…,"usOut":…}` or a bare array of result
 * objects. Fields and units are as in the CSV dumps (deribit-book-summary-row.ts): prices in coin, null when
 * absent; `mark_iv` in percent; `creation_timestamp` in ms.
 * Snapshot time: the envelope's `usOut` (µs, when the response left the server), else the latest
 * `creation_timestamp`. Issues point at the line where each array element starts, column = field name.
 */

import { collectRow, type CollectedRows, type CsvRow, type RowResult } from './csv-rows.ts';
import { readBookSummaryRow } from './deribit-book-summary-row.ts';
import { fileError, fileWarning } from './read-issue.ts';
import { completeRead, failedRead, type ReaderOptions, type ReadOutcome } from './read-outcome.ts';
import { MAX_EPOCH_MS, MIN_EPOCH_MS, openRow, reportError } from './row-fields.ts';

export function parseDeribitBookSummaryJson(text: string, file: string, options: ReaderOptions = {}): ReadOutcome {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return failedRead(fileError(file, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`));
  }
  const envelope = unwrapEnvelope(document);
  if (!envelope.ok) return failedRead(fileError(file, envelope.reason));
  const { items, usOut } = envelope;

  const lines = elementLines(text);
  const collected: CollectedRows = { quotes: [], futures: [], issues: [], rejected: 0 };
  const seen = new Map<string, number>();
  let latest: number | null = null;
  for (const [i, item] of items.entries()) {
    const scope = openRow(file, lines.length === items.length ? (lines[i] ?? 0) : 0);
    let result: RowResult = null;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      reportError(scope, '', `result element ${i} is not an object`, JSON.stringify(item));
    } else {
      const read = readBookSummaryRow(jsonRow(item as Record<string, unknown>, scope.line), scope, seen);
      result = read.result;
      if (result !== null && read.createdMs !== null) latest = Math.max(latest ?? read.createdMs, read.createdMs);
    }
    collectRow(collected, scope, result);
  }
  const { quotes, futures, issues, rejected } = collected;

  let fileTimeMs = latest;
  if (usOut !== undefined) {
    const ms = typeof usOut === 'number' ? Math.floor(usOut / 1000) : NaN;
    if (ms >= MIN_EPOCH_MS && ms < MAX_EPOCH_MS) fileTimeMs = ms;
    else issues.push(fileWarning(file, `ignoring usOut ${JSON.stringify(usOut)}: not a time in µs; using the latest creation_timestamp`));
  }
  return completeRead(
    {
      file,
      format: 'deribit-book-summary-json',
      fileTimeMs,
      missingTimeReason: 'no usOut and no valid creation_timestamp',
      quotes,
      futures,
      issues,
      rowsRead: items.length,
      rowsRejected: rejected,
    },
    options,
  );
}

type Envelope =
  | { readonly ok: true; readonly items: readonly unknown[]; readonly usOut: unknown }
  | { readonly ok: false; readonly reason: string };

function unwrapEnvelope(document: unknown): Envelope {
  if (Array.isArray(document)) return { ok: true, items: document, usOut: undefined };
  if (typeof document === 'object' && document !== null) {
    const body = document as Record<string, unknown>;
    if (Array.isArray(body.result)) return { ok: true, items: body.result, usOut: body.usOut };
    if (typeof body.error === 'object' && body.error !== null) {
      return { ok: false, reason: `the response is a JSON-RPC error: ${JSON.stringify(body.error).slice(0, 200)}` };
    }
  }
  return {
    ok: false,
    reason: 'not a book summary: expected a JSON-RPC envelope with a "result" array, or an array of book-summary objects',
  };
}

/** A JSON object seen as a row: each value as its JSON text (strings unquoted, null as empty). */
function jsonRow(item: Record<string, unknown>, line: number): CsvRow {
  return {
    line,
    cell: (key) => {
      if (!Object.hasOwn(item, key)) return undefined;
      const value = item[key];
      if (value === null) return '';
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value); // 1e400 parses to Infinity: shown, then rejected
      return JSON.stringify(value);
    },
  };
}

/**
 * 1-based line on which each element of the top-level array (or of the top-level object's `result` array)
 * starts. Assumes `text` is valid JSON (it has been parsed already).
 */
export function elementLines(text: string): number[] {
  const lines: number[] = [];
  const stack: number[] = []; // '[' or '{' char codes
  let line = 1;
  let targetDepth = -1; // stack length while inside the target array
  let expectElement = false;
  let lastTopKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    if (expectElement && stack.length === targetDepth && c !== 93) {
      lines.push(line);
      expectElement = false;
    }
    if (c === 34) {
      const start = i + 1;
      i++;
      while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
      if (stack.length === 1 && stack[0] === 123) lastTopKey = text.slice(start, i);
    } else if (c === 91 || c === 123) {
      stack.push(c);
      const isTarget =
        c === 91 && ((stack.length === 1 && targetDepth === -1) || (stack.length === 2 && stack[0] === 123 && lastTopKey === 'result'));
      if (isTarget && targetDepth === -1) {
        targetDepth = stack.length;
        expectElement = true;
      }
    } else if (c === 93 || c === 125) {
      if (stack.length === targetDepth) targetDepth = -2; // target closed; a later "result" key is ignored
      stack.pop();
    } else if (c === 44 && stack.length === targetDepth) {
      expectElement = true;
    }
  }
  return lines;
}
