/**
 * `volcal backtest` as a use case: replays snapshots in time order for every (currency, model) and every
 * variant (plain warm-started, and regularised toward the last parameters), on worker threads, storing
 * each calibration in the history store as it arrives (one transaction each).
 *
 * - Resumable and idempotent: what is stored is skipped; a killed run continues where it stopped.
 * - Deterministic: a task is one series (currency, model, variant) replayed in order, whose numbers do
 *   not depend on which worker runs it or how many there are.
 * - The regularised series' strength is chosen by out-of-sample validation (choose-strength.ts) the first
 *   time, and read back from the stored records when the series already exists.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { CalibrationRecord, HistoryStore, SeriesKey } from '../../store/history-store.ts';
import type { BacktestTask, SnapshotRef, StoredStep } from './run-task.ts';
import { runTask, storedStepOf } from './run-task.ts';
import { chooseStrength } from './choose-strength.ts';
import type { BacktestModelName } from './series-models.ts';
import type { WorkerMessage, WorkerRequest } from './backtest-worker.ts';

export interface BacktestOptions {
  readonly source: string;
  readonly currencies: readonly string[];
  readonly models: readonly BacktestModelName[];
  /** 'auto' (chosen by validation) or a fixed λ for the regularised variant; null: plain only. */
  readonly strength: 'auto' | number | null;
  /** Worker threads; 0 runs everything in this thread (tests). */
  readonly workers: number;
  readonly volcalVersion: string;
  readonly clock: () => number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onStrength?: (currency: string, model: string, strength: number, how: 'chosen' | 'stored' | 'given') => void;
}

export interface BacktestOutcome {
  readonly inserted: number;
  readonly skipped: number;
  readonly failed: number;
}

export const PLAIN = 'plain';
export const REGULARISED = 'regularised';

/** Scheduling weight of a series: stochastic models before surfaces, plain before regularised. */
function weight(s: { readonly model: BacktestModelName; readonly variant: string }): number {
  const model = s.model === 'essvi' || s.model === 'sabr' ? 0 : 2;
  return model + (s.variant === PLAIN ? 1 : 0);
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export async function runBacktest(store: HistoryStore, snapshots: readonly SnapshotRef[], options: BacktestOptions): Promise<BacktestOutcome> {
  const pairs = options.currencies.flatMap((currency) => options.models.map((model) => ({ currency, model })));
  const seriesCount = pairs.length * (options.strength === null ? 1 : 2);
  const pool = options.workers > 0 ? new WorkerPool(Math.min(options.workers, seriesCount)) : null;
  try {
    // One task per series (currency, model, variant), so the plain series start at once while the
    // validation runs that choose the regularised strengths are still going, and the pool balances the
    // unequal series (a Heston series takes ten times an eSSVI one) — the numbers do not change: each
    // series warm-starts only from its own records.
    const names = options.strength === null ? [PLAIN] : [PLAIN, REGULARISED];
    const series: { currency: string; model: BacktestModelName; variant: string; stored: Map<number, StoredStep> }[] = [];
    let total = 0;
    let skipped = 0;
    for (const { currency, model } of pairs) {
      for (const variant of names) {
        const stored = new Map<number, StoredStep>();
        for (const r of await store.list({ source: options.source, currency, model, variant })) {
          stored.set(Math.floor(r.snapshotMs / 1000), storedStepOf(r));
        }
        const present = snapshots.filter((s) => stored.has(s.snapshotSecond)).length;
        skipped += present;
        total += snapshots.length - present;
        series.push({ currency, model, variant, stored });
      }
    }

    let done = 0;
    let inserted = 0;
    let failed = 0;
    // Stores are written one record at a time, in arrival order. A failed write ends the run with that
    // error (after the writes already queued), instead of leaving an unhandled rejection behind.
    let writes = Promise.resolve();
    let writeError: unknown = null;
    const onRecord = (record: CalibrationRecord): void => {
      writes = writes
        .then(async () => {
          if (writeError !== null) return;
          if ((await store.put(record)) === 'inserted') inserted++;
          if (!record.ok) failed++;
          done++;
          options.onProgress?.(done, total);
        })
        .catch((error: unknown) => {
          writeError ??= error;
        });
    };
    options.onProgress?.(0, total);

    // The regularised strengths: stored (resume), given, or chosen by validation. The validations are put
    // on the pool before any series, so the regularised series that wait for them are not kept waiting
    // behind the plain ones.
    const strengths = new Map<string, Promise<number>>();
    for (const { currency, model } of pairs) {
      const s = series.find((x) => x.currency === currency && x.model === model && x.variant === REGULARISED);
      if (s === undefined || snapshots.every((ref) => s.stored.has(ref.snapshotSecond))) continue;
      const key: SeriesKey = { source: options.source, currency, model, variant: REGULARISED };
      const first = (await store.list({ ...key })).find((r) => typeof r.diagnostics.strength === 'number');
      let strength: Promise<number>;
      if (first !== undefined) {
        const stored = first.diagnostics.strength as number;
        options.onStrength?.(currency, model, stored, 'stored');
        strength = Promise.resolve(stored);
      } else if (options.strength !== 'auto') {
        const given = options.strength ?? 0;
        options.onStrength?.(currency, model, given, 'given');
        strength = Promise.resolve(given);
      } else {
        const chosen = pool !== null
          ? pool.choose({ source: options.source, currency, model, snapshots })
          : chooseStrength(options.source, currency, model, snapshots, options.clock).then((c) => c.strength);
        strength = chosen.then((value) => {
          options.onStrength?.(currency, model, value, 'chosen');
          return value;
        });
      }
      strengths.set(`${currency}|${model}`, strength);
    }
    const strengthOf = (currency: string, model: BacktestModelName): Promise<number> =>
      strengths.get(`${currency}|${model}`) ?? Promise.resolve(0);
    const runSeries = async (s: (typeof series)[number]): Promise<void> => {
      // A series with everything stored needs neither a strength nor a worker.
      if (snapshots.every((ref) => s.stored.has(ref.snapshotSecond))) return;
      const strength = s.variant === PLAIN ? 0 : await strengthOf(s.currency, s.model);
      const task: BacktestTask = {
        source: options.source,
        currency: s.currency,
        model: s.model,
        variants: [{ name: s.variant, strength, stored: s.stored }],
        snapshots,
        volcalVersion: options.volcalVersion,
      };
      if (pool !== null) await pool.run(task, onRecord);
      else await runTask(task, onRecord, options.clock);
    };
    // The series heaviest first (the stochastic models take far longer than the surfaces), plain before
    // regularised (whose strengths are being validated meanwhile). In this thread (workers = 0) everything
    // runs in order.
    const order = [...series].sort((a, b) => weight(b) - weight(a));
    try {
      if (pool !== null) await Promise.all(order.map(runSeries));
      else for (const s of order) await runSeries(s);
    } finally {
      await writes;
    }
    if (writeError !== null) throw writeError instanceof Error ? writeError : new Error('a history store write failed', { cause: writeError });
    await writes;
    return { inserted, skipped, failed };
  } finally {
    await pool?.close();
  }
}

/** A fixed set of worker threads taking requests in order as they free up. */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private nextId = 1;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./backtest-worker.ts', import.meta.url));
      worker.unref();
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  run(task: BacktestTask, onRecord: (record: CalibrationRecord) => void): Promise<void> {
    return this.send({ kind: 'task', id: this.nextId++, task }, (message) => {
      if (message.kind === 'record') onRecord(message.record as CalibrationRecord);
    }).then(() => undefined);
  }

  async choose(request: { source: string; currency: string; model: BacktestModelName; snapshots: readonly SnapshotRef[] }): Promise<number> {
    let strength = 0;
    await this.send({ kind: 'choose', id: this.nextId++, ...request }, (message) => {
      if (message.kind === 'chosen') strength = message.strength;
    });
    return strength;
  }

  private async send(request: Exclude<WorkerRequest, { kind: 'exit' }>, onMessage: (message: WorkerMessage) => void): Promise<void> {
    const worker = await this.acquire();
    try {
      await new Promise<void>((resolve, reject) => {
        const listener = (message: WorkerMessage): void => {
          if (message.id !== request.id) return;
          if (message.kind === 'done') {
            worker.off('message', listener);
            worker.off('error', reject);
            resolve();
          } else if (message.kind === 'error') {
            worker.off('message', listener);
            worker.off('error', reject);
            reject(new Error(`backtest worker: ${message.message}`));
          } else onMessage(message);
        };
        worker.on('message', listener);
        worker.once('error', reject);
        worker.ref();
        worker.postMessage(request);
      });
    } finally {
      worker.unref();
      this.release(worker);
    }
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    if (worker !== undefined) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(worker);
    else this.idle.push(worker);
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
