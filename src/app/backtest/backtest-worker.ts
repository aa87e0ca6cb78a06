/**
 * A backtest worker thread: runs the tasks its parent sends (a series task, or a strength choice) and
 * posts back every record as soon as it exists, so the parent stores each one in its own transaction.
 */
import { parentPort } from 'node:worker_threads';
import { runTask, type BacktestTask } from './run-task.ts';
import { chooseStrength } from './choose-strength.ts';
import type { BacktestModelName } from './series-models.ts';
import type { SnapshotRef } from './run-task.ts';

export type WorkerRequest =
  | { readonly kind: 'task'; readonly id: number; readonly task: BacktestTask }
  | {
      readonly kind: 'choose';
      readonly id: number;
      readonly source: string;
      readonly currency: string;
      readonly model: BacktestModelName;
      readonly snapshots: readonly SnapshotRef[];
    }
  | { readonly kind: 'exit' };

export type WorkerMessage =
  | { readonly kind: 'record'; readonly id: number; readonly record: unknown }
  | { readonly kind: 'chosen'; readonly id: number; readonly strength: number; readonly table: unknown }
  | { readonly kind: 'done'; readonly id: number }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

const port = parentPort;
if (port !== null) {
  port.on('message', (request: WorkerRequest) => {
    if (request.kind === 'exit') {
      port.close();
      return;
    }
    void handle(request).then(
      () => {
        port.postMessage({ kind: 'done', id: request.id } satisfies WorkerMessage);
      },
      (error: unknown) => {
        port.postMessage({ kind: 'error', id: request.id, message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies WorkerMessage);
      },
    );
  });
}

async function handle(request: Exclude<WorkerRequest, { kind: 'exit' }>): Promise<void> {
  const clock = () => performance.now();
  if (request.kind === 'task') {
    const task = { ...request.task, variants: request.task.variants.map((v) => ({ ...v, stored: new Map(v.stored) })) };
    await runTask(task, (record) => {
      port!.postMessage({ kind: 'record', id: request.id, record } satisfies WorkerMessage);
    }, clock);
    return;
  }
  const choice = await chooseStrength(request.source, request.currency, request.model, request.snapshots, clock);
  const table = choice.candidates.map((c) => ({
    strength: c.strength,
    meanInsideShare: c.summary.meanInsideShare,
    oosStickyMoneyness: c.summary.oosStickyMoneyness,
    stabilityScore: c.summary.stability.score,
  }));
  port!.postMessage({ kind: 'chosen', id: request.id, strength: choice.strength, table } satisfies WorkerMessage);
}
