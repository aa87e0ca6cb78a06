/**
 * Text → chain, whatever the format: detects it (detect-format.ts) unless told, then calls the reader.
 * Pure; read-chain.ts adds files, gzip and byte decoding around it.
 */

import type { ChainFormat } from '../core/market/option-quote.ts';
import { parseDeribitBookSummaryCsv } from './deribit-book-summary-csv.ts';
import { parseDeribitBookSummaryJson } from './deribit-book-summary-json.ts';
import { parseDeribitSnapshotCsv } from './deribit-snapshot-csv.ts';
import { parseDeribitTickerCsv } from './deribit-ticker-csv.ts';
import { detectFormat } from './detect-format.ts';
import { parseGenericCsv, type GenericMapping } from './generic-csv.ts';
import { fileError } from './read-issue.ts';
import { failedRead, type ReaderOptions, type ReadOutcome } from './read-outcome.ts';
import { parseYahooOptionChainCsv } from './yahoo-option-chain-csv.ts';

export interface ParseChainOptions extends ReaderOptions {
  /** Skip detection and use this reader. */
  readonly format?: ChainFormat;
  /** Column mapping for a generic CSV; giving one implies `format: 'generic-csv'` unless a format is set. */
  readonly mapping?: GenericMapping;
}

export function parseChainText(text: string, file: string, options: ParseChainOptions = {}): ReadOutcome {
  const { format, mapping, ...readerOptions } = options;
  const chosen = format ?? (mapping === undefined ? undefined : 'generic-csv');
  if (chosen === undefined) {
    const detected = detectFormat(text);
    if (detected.kind === 'not-chain') return failedRead(fileError(file, detected.reason));
    return parseAs(detected.format, text, file, readerOptions, mapping);
  }
  return parseAs(chosen, text, file, readerOptions, mapping);
}

function parseAs(
  format: ChainFormat,
  text: string,
  file: string,
  options: ReaderOptions,
  mapping: GenericMapping | undefined,
): ReadOutcome {
  switch (format) {
    case 'deribit-snapshot-csv':
      return parseDeribitSnapshotCsv(text, file, options);
    case 'deribit-book-summary-csv':
      return parseDeribitBookSummaryCsv(text, file, options);
    case 'deribit-book-summary-json':
      return parseDeribitBookSummaryJson(text, file, options);
    case 'deribit-ticker-csv':
      return parseDeribitTickerCsv(text, file, options);
    case 'yahoo-option-chain-csv':
      return parseYahooOptionChainCsv(text, file, options);
    case 'generic-csv':
      if (mapping === undefined) return failedRead(fileError(file, 'the generic-csv format needs a column mapping'));
      return parseGenericCsv(text, file, mapping, options);
  }
}
