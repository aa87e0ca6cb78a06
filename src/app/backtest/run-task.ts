/**
 * One unit of backtest work: one currency and one model replayed over every snapshot in time order, for
 * each of the variants it is given side by side (the backtest gives one per task, run-backtest.ts; the
 * strength validation gives all its candidates to one). Variants are separate series — each warm-starts
 * only from its own last calibration — so the numbers do not depend on how tasks are spread over workers.
 *
 * Resumable: the caller passes what is already stored per variant (its states); a stored snapshot is
 * skipped, and the first missing one warm-starts from the stored record before it, exactly as an
 * uninterrupted run would have. A snapshot is read only when some variant needs it (or its successor
 * does, for the out-of-sample scores), and parsed once per thread (readSlices).
 */
import { readChainFile } from '../../io/read-chain.ts';
import { resolveChain } from '../../core/market/resolve-chain.ts';
import { smileSliceFromExpiry, type SmileSlice } from '../../core/calibration/smile-slice.ts';
import type { CalibrationRecord } from '../../store/history-store.ts';
import { calibrationStep, quotesHash, type PreviousCalibration } from './calibration-step.ts';
import { seriesModel, type BacktestModelName, type SeriesState } from './series-models.ts';

/** Fewer kept quotes than this and an expiry is left out (as in `volcal fit`). */
export const MIN_SLICE_QUOTES = 5;

/**
 * A snapshot file and its time to the second (from its name, as Deribit's collectors write it, or from its
 * contents): the backtest's ordering and resume key. Records carry the contents' time to the millisecond.
 */
export interface SnapshotRef {
  readonly file: string;
  readonly snapshotSecond: number;
}

/** A stored calibration as the task needs it. */
export interface StoredStep {
  readonly ok: boolean;
  readonly state: SeriesState;
  readonly insideSpreadShare: number;
}

export interface TaskVariant {
  readonly name: string;
  readonly strength: number;
  /** Stored calibrations of this variant's series, by snapshot time in whole seconds. */
  readonly stored: ReadonlyMap<number, StoredStep>;
}

export interface BacktestTask {
  readonly source: string;
  readonly currency: string;
  readonly model: BacktestModelName;
  readonly variants: readonly TaskVariant[];
  /** Every snapshot of the backtest, in time order. */
  readonly snapshots: readonly SnapshotRef[];
  readonly volcalVersion: string;
}

type SlicesOutcome =
  | { readonly ok: true; readonly snapshotMs: number; readonly slices: SmileSlice[] }
  | { readonly ok: false; readonly snapshotMs: number; readonly reason: string };

export async function runTask(
  task: BacktestTask,
  emit: (record: CalibrationRecord) => void,
  clock: () => number,
): Promise<void> {
  const model = seriesModel(task.model);
  const slicesOf = (ref: SnapshotRef): Promise<SlicesOutcome> => readSlices(ref, task.currency);
  const last = new Map<string, { ref: SnapshotRef; step: StoredStep } | null>(task.variants.map((v) => [v.name, null]));

  for (const ref of task.snapshots) {
    const missing = task.variants.filter((v) => !v.stored.has(ref.snapshotSecond));
    if (missing.length > 0) {
      const current = await slicesOf(ref);
      for (const variant of missing) {
        const series = { source: task.source, currency: task.currency, model: task.model, variant: variant.name };
        const before = last.get(variant.name) ?? null;
        let record: CalibrationRecord;
        if (!current.ok) {
          record = {
            ...series,
            snapshotMs: current.snapshotMs,
            sourceFile: ref.file,
            quotesHash: quotesHash([]),
            ok: false,
            failureReason: current.reason,
            params: {},
            diagnostics: {},
            solver: {},
            state: {},
            volcalVersion: task.volcalVersion,
          };
        } else {
          let previous: PreviousCalibration | null = null;
          if (before !== null) {
            const beforeSlices = await slicesOf(before.ref);
            previous = {
              snapshotMs: beforeSlices.snapshotMs,
              ok: before.step.ok,
              state: before.step.state,
              insideSpreadShare: before.step.insideSpreadShare,
              slices: beforeSlices.ok ? beforeSlices.slices : null,
            };
          }
          record = calibrationStep({
            series,
            model,
            strength: variant.strength,
            snapshotMs: current.snapshotMs,
            sourceFile: ref.file,
            slices: current.slices,
            previous,
            volcalVersion: task.volcalVersion,
            clock,
          });
        }
        emit(record);
        last.set(variant.name, { ref, step: storedStepOf(record) });
      }
    }
    for (const variant of task.variants) {
      const stored = variant.stored.get(ref.snapshotSecond);
      if (stored !== undefined) last.set(variant.name, { ref, step: stored });
    }
  }
}

/** The part of a record the next step needs. */
export function storedStepOf(record: { readonly ok: boolean; readonly state: SeriesState; readonly diagnostics: Readonly<Record<string, unknown>> }): StoredStep {
  const statistics = record.diagnostics.statistics as { insideSpreadShare?: unknown } | undefined;
  const inside = statistics?.insideSpreadShare;
  return { ok: record.ok, state: record.state, insideSpreadShare: typeof inside === 'number' ? inside : 0 };
}

/**
 * A snapshot's usable slices per currency, or why it has none, read and resolved once per file for this
 * thread: every series of a worker (each currency, model and variant, and the strength validation) reads
 * the same files, and parsing one is 10–30 ms. Kept for the thread's life (the slices of 268 snapshots, both
 * currencies, are about 20 MB); the slices are never written to.
 */
type SnapshotSlices = { readonly ok: true; readonly snapshotMs: number; readonly byCurrency: ReadonlyMap<string, SmileSlice[]> } | { readonly ok: false; readonly snapshotMs: number; readonly reason: string };
const snapshotCache = new Map<string, Promise<SnapshotSlices>>();

async function readSlices(ref: SnapshotRef, currency: string): Promise<SlicesOutcome> {
  const key = `${ref.file}|${String(ref.snapshotSecond)}`;
  let pending = snapshotCache.get(key);
  if (pending === undefined) {
    pending = readSnapshotSlices(ref);
    snapshotCache.set(key, pending);
  }
  const read = await pending;
  if (!read.ok) return read;
  const slices = read.byCurrency.get(currency);
  if (slices === undefined) return { ok: false, snapshotMs: read.snapshotMs, reason: `no ${currency} quotes in ${ref.file}` };
  if (slices.length === 0) return { ok: false, snapshotMs: read.snapshotMs, reason: `no ${currency} expiry with ${MIN_SLICE_QUOTES} usable quotes in ${ref.file}` };
  return { ok: true, snapshotMs: read.snapshotMs, slices };
}

async function readSnapshotSlices(ref: SnapshotRef): Promise<SnapshotSlices> {
  const nominalMs = ref.snapshotSecond * 1000;
  const read = await readChainFile(ref.file);
  if (read.snapshot === null) return { ok: false, snapshotMs: nominalMs, reason: `cannot read ${ref.file}: ${read.issues[0]?.reason ?? 'no rows'}` };
  const snapshotMs = read.snapshot.snapshotTimeMs;
  if (Math.floor(snapshotMs / 1000) !== ref.snapshotSecond) {
    const reason = `${ref.file}: snapshot time ${new Date(snapshotMs).toISOString()} is not the ${new Date(nominalMs).toISOString()} of its name`;
    return { ok: false, snapshotMs: nominalMs, reason };
  }
  const byCurrency = new Map<string, SmileSlice[]>();
  for (const chain of resolveChain(read.snapshot)) {
    const slices: SmileSlice[] = [];
    for (const expiry of chain.slices) {
      const slice = smileSliceFromExpiry(expiry);
      if (slice !== null && slice.count >= MIN_SLICE_QUOTES) slices.push(slice);
    }
    byCurrency.set(chain.currency, slices);
  }
  return { ok: true, snapshotMs, byCurrency };
}
