/**
 * Option-chain readers: files of the supported exchange formats → `ChainSnapshot` values
 * (src/core/market/option-quote.ts), with every bad row reported as a `ReadIssue` and the rest read.
 * Start with `readChainFile`; the `parse*` functions are the same readers on text already in memory.
 */

export { readChainBytes, readChainFile, MAX_TEXT_BYTES, type ReadChainOptions } from './read-chain.ts';
export { parseChainText, type ParseChainOptions } from './parse-chain.ts';
export { detectFormat, type Detection } from './detect-format.ts';
export type { ReaderOptions, ReadOutcome } from './read-outcome.ts';
export { formatIssue, type IssueSeverity, type ReadIssue } from './read-issue.ts';
export { parseDeribitSnapshotCsv } from './deribit-snapshot-csv.ts';
export { parseDeribitBookSummaryCsv } from './deribit-book-summary-csv.ts';
export { parseDeribitBookSummaryJson } from './deribit-book-summary-json.ts';
export { parseDeribitTickerCsv } from './deribit-ticker-csv.ts';
export { parseYahooOptionChainCsv } from './yahoo-option-chain-csv.ts';
export { parseGenericCsv, validateGenericMapping, type GenericMapping, type MappingCheck } from './generic-csv.ts';
export { parseCsv, type CsvParseResult, type CsvRecord } from './csv.ts';
export { parseIsoInstant } from './iso-instant.ts';
