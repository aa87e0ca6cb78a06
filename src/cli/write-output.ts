/**
 * Writes a file a command was asked for (`--out`, `--report`), creating its directory. A path that cannot
 * be written is an expected failure, returned with the system's reason for the command to print.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type WriteOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export async function writeOutputFile(path: string, text: string): Promise<WriteOutcome> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `cannot write ${path}: ${(error as Error).message}` };
  }
}
