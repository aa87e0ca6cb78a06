/**
 * The snapshot files of a backtest, from command-line arguments (files, directories, glob patterns), in
 * time order. The time comes from the file name's UTC stamp (`…20260205T212937Z…`, as Deribit's
 * collectors write it) to the second — each worker checks it against the file's contents — or, for a
 * file without one, from reading the file.
 */
import { readdirSync, statSync } from 'node:fs';
import { glob } from 'node:fs/promises';
import { join } from 'node:path';
import { readChainFile } from '../../io/read-chain.ts';
import type { SnapshotRef } from './run-task.ts';

const STAMP = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/;
const CHAIN_FILE = /\.(csv|json|jsonl)(\.gz)?$/i;

export interface SnapshotListing {
  readonly snapshots: readonly SnapshotRef[];
  /** Arguments or files that gave no snapshot, with the reason. */
  readonly problems: readonly string[];
}

export async function listSnapshots(args: readonly string[]): Promise<SnapshotListing> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const arg of args) {
    if (/[*?[]/.test(arg)) {
      const matched: string[] = [];
      for await (const path of glob(arg)) matched.push(path);
      if (matched.length === 0) problems.push(`${arg}: no file matches`);
      files.push(...matched);
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(arg).isDirectory();
    } catch {
      problems.push(`${arg}: no such file or directory`);
      continue;
    }
    if (isDirectory) files.push(...readdirSync(arg).filter((f) => CHAIN_FILE.test(f)).map((f) => join(arg, f)));
    else files.push(arg);
  }
  const seen = new Map<number, string>();
  const snapshots: SnapshotRef[] = [];
  for (const file of [...new Set(files)]) {
    const second = await snapshotSecond(file);
    if (second === null) {
      problems.push(`${file}: no snapshot time in its name and none could be read from it`);
      continue;
    }
    const other = seen.get(second);
    if (other !== undefined) {
      problems.push(`${file}: same snapshot time as ${other}; skipped`);
      continue;
    }
    seen.set(second, file);
    snapshots.push({ file, snapshotSecond: second });
  }
  snapshots.sort((a, b) => a.snapshotSecond - b.snapshotSecond);
  return { snapshots, problems };
}

async function snapshotSecond(file: string): Promise<number | null> {
  const m = STAMP.exec(file.slice(file.lastIndexOf('/') + 1));
  if (m !== null) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    if (Number.isFinite(ms)) return ms / 1000;
  }
  const read = await readChainFile(file);
  return read.snapshot === null ? null : Math.floor(read.snapshot.snapshotTimeMs / 1000);
}
