/**
 * The crash test both adapters' tests run: crash-writer.ts is started on a store and SIGKILLed at a chosen
 * moment, round after round, each round resuming from what is stored. The oracle is the writer's own
 * report: it prints `committed n` only after put(n) has returned, and starts put(n+1) only after printing.
 * So after every round the stored records must be exactly 1…M with no gap, M the last printed n or the one
 * put in flight when the writer died (M = last + 1); and every stored record must be whole — equal to the
 * record the writer built, its payload matching the checksum stored beside it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HistoryStore } from '../history-store.ts';
import { written } from '../history-store.contract.ts';
import { CRASH_SERIES, checksum, crashIndex, crashRecord } from './crash-record.ts';

/** When to kill the writer: so many milliseconds after it was spawned, or after it printed `ready`. */
export interface KillMoment {
  readonly after: 'spawn' | 'ready';
  readonly ms: number;
}

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const ROUND_TIMEOUT_MS = 20_000;

/** Runs one round per moment; returns how many records the writer reported committed in all. */
export async function runCrashRounds(location: string, moments: readonly KillMoment[], open: () => Promise<HistoryStore>): Promise<number> {
  let stored = (await storedIndices(open)).length;
  let committed = 0;
  for (const [round, moment] of moments.entries()) {
    const report = await killWriter(location, moment);
    const where = `round ${String(round)} (kill ${String(moment.ms)} ms after ${moment.after})`;
    if (report.ready !== null) assert.equal(report.ready, stored + 1, `${where}: the writer resumes after the last stored record`);
    report.committed.forEach((n, i) => {
      assert.equal(n, stored + 1 + i, `${where}: the writer reports records in order`);
    });
    const last = report.committed.at(-1) ?? stored;
    const indices = await storedIndices(open);
    const max = indices.length;
    assert.deepEqual(indices, Array.from({ length: max }, (_, i) => i + 1), `${where}: the stored records are 1…M without a gap`);
    assert.ok(max >= last, `${where}: every reported record is stored (last reported ${String(last)}, stored up to ${String(max)})`);
    const limit = report.ready === null ? stored : last + 1;
    assert.ok(max <= limit, `${where}: at most the record in flight is stored beyond the last reported (${String(max)} > ${String(limit)})`);
    stored = max;
    committed += report.committed.length;
  }
  await checkWholeRecords(open, stored);
  return committed;
}

interface WriterReport {
  readonly ready: number | null;
  readonly committed: readonly number[];
}

function killWriter(location: string, moment: KillMoment): Promise<WriterReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, location], { stdio: ['ignore', 'pipe', 'pipe'] });
    let ready: number | null = null;
    const committed: number[] = [];
    let pending = '';
    let stderr = '';
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    const timers = [setTimeout(kill, ROUND_TIMEOUT_MS)];
    if (moment.after === 'spawn') timers.push(setTimeout(kill, moment.ms));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [word, n] = line.split(' ');
        if (word === 'ready') {
          ready = Number(n);
          if (moment.after === 'ready') timers.push(setTimeout(kill, moment.ms));
        } else if (word === 'committed') {
          committed.push(Number(n));
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ ready, committed });
      else reject(new Error(`the crash writer ended by itself (code ${String(code)}, signal ${String(signal)}):\n${stderr}`));
    });
  });
}

async function storedIndices(open: () => Promise<HistoryStore>): Promise<number[]> {
  const store = await open();
  try {
    return [...(await store.storedSnapshots(CRASH_SERIES))].map(crashIndex).sort((a, b) => a - b);
  } finally {
    await store.close();
  }
}

/** Every stored record parses, is unique, and equals the record the writer built; its payload matches its checksum. */
async function checkWholeRecords(open: () => Promise<HistoryStore>, count: number): Promise<void> {
  const store = await open();
  try {
    const rows = await store.list(CRASH_SERIES);
    assert.equal(rows.length, count, 'one row per stored record');
    assert.equal(new Set(rows.map((r) => r.snapshotMs)).size, rows.length, 'no key is stored twice');
    for (const row of rows.map(written)) {
      const n = crashIndex(row.snapshotMs);
      assert.equal(checksum(row.state.payload), row.diagnostics.checksum, `record ${String(n)}: payload matches its checksum`);
      assert.deepEqual(row, crashRecord(n), `record ${String(n)} is whole`);
    }
  } finally {
    await store.close();
  }
}
