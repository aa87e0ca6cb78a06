/**
 * Reads an option-chain file from disk: bytes → gunzip when the data starts with the gzip magic (1f 8b),
 * whatever the file is called → UTF-8 (a BOM is dropped) → parse-chain.ts. Never throws for a bad file:
 * a missing or unreadable file, corrupt gzip, or a file that is not an option chain all come back as a
 * whole-file issue with `snapshot: null`.
 */

import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { validateGenericMapping } from './generic-csv.ts';
import { parseChainText, type ParseChainOptions } from './parse-chain.ts';
import { fileError } from './read-issue.ts';
import { failedRead, type ReadOutcome } from './read-outcome.ts';

export interface ReadChainOptions extends ParseChainOptions {
  /** Path of a JSON file holding a GenericMapping (used when `mapping` is not given). */
  readonly mappingFile?: string;
}

/** Largest text accepted, after decompression (a bigger file is refused, not read). */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

export async function readChainFile(path: string, options: ReadChainOptions = {}): Promise<ReadOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return failedRead(fileError(path, `cannot read the file: ${errorMessage(error)}`));
  }
  const { mappingFile, ...parseOptions } = options;
  if (mappingFile === undefined || options.mapping !== undefined) return readChainBytes(bytes, path, parseOptions);

  let mappingText: string;
  try {
    mappingText = await readFile(mappingFile, 'utf8');
  } catch (error) {
    return failedRead(fileError(mappingFile, `cannot read the column mapping: ${errorMessage(error)}`));
  }
  let mappingJson: unknown;
  try {
    mappingJson = JSON.parse(mappingText);
  } catch (error) {
    return failedRead(fileError(mappingFile, `the column mapping is not valid JSON: ${errorMessage(error)}`));
  }
  const check = validateGenericMapping(mappingJson, undefined, options.snapshotTimeMs);
  if (!check.ok) {
    return { snapshot: null, issues: check.problems.map((p) => fileError(mappingFile, p)), rowsRead: 0, rowsRejected: 0 };
  }
  return readChainBytes(bytes, path, { ...parseOptions, mapping: check.mapping });
}

/** The same from bytes already in memory; `file` names them in issues. */
export function readChainBytes(bytes: Uint8Array, file: string, options: ParseChainOptions = {}): ReadOutcome {
  let data = bytes;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: MAX_TEXT_BYTES });
    } catch (error) {
      return failedRead(fileError(file, `gzip data is truncated or corrupt: ${errorMessage(error)}`));
    }
  }
  if (data.length > MAX_TEXT_BYTES) return failedRead(fileError(file, `the file is larger than ${MAX_TEXT_BYTES} bytes`));
  const text = new TextDecoder('utf-8').decode(data);
  return parseChainText(text, file, options);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
