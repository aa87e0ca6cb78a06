/**
 * `volcal fit` as a use case: one currency of a snapshot, resolved, fitted with any model by name (per
 * expiry: svi, sabr; whole surface: ssvi, essvi), reported as the fit document (docs/fit-json.md).
 * The clock is injected (STYLE.md principle 3).
 */
import type { ChainSnapshot } from '../core/market/option-quote.ts';
import { resolveChain, type ResolveOptions } from '../core/market/resolve-chain.ts';
import type { SmileFitOptions } from '../core/calibration/calibrate-smile.ts';
import { assembleFitDocument, type FitDocument } from './fit-document.ts';
import { fitSmileExpiry } from './fit-smiles.ts';
import { fitSurfaceExpiries } from './fit-surface.ts';
import { smileModel } from './smile-models.ts';

export const fitModelNames = ['svi', 'sabr', 'ssvi', 'essvi'] as const;
export type FitModelName = (typeof fitModelNames)[number];

export function isFitModelName(name: string): name is FitModelName {
  return (fitModelNames as readonly string[]).includes(name);
}

export interface FitChainOptions {
  readonly currency: string;
  readonly model: FitModelName;
  /** SABR's fixed β. */
  readonly beta?: number;
  readonly fit?: Partial<SmileFitOptions>;
  readonly resolve?: Partial<ResolveOptions>;
  readonly grid?: boolean;
  /** Milliseconds from an arbitrary origin (performance.now in the CLI). */
  readonly clock: () => number;
}

export type FitChainResult = { readonly ok: true; readonly document: FitDocument } | { readonly ok: false; readonly reason: string };

export function fitChain(snapshot: ChainSnapshot, options: FitChainOptions): FitChainResult {
  const started = options.clock();
  const chain = resolveChain(snapshot, options.resolve).find((c) => c.currency === options.currency);
  if (chain === undefined) {
    const found = [...new Set(snapshot.quotes.map((q) => q.currency))].join(', ');
    return { ok: false, reason: `no ${options.currency} quotes in ${snapshot.file} (found: ${found || 'none'})` };
  }
  let modelLabel: string = options.model;
  let outcomes;
  if (options.model === 'ssvi' || options.model === 'essvi') {
    outcomes = fitSurfaceExpiries(chain.slices, options.model, options.fit ?? {}, options.clock);
  } else {
    const model = smileModel(options.model, { beta: options.beta ?? 1 });
    if (model === null) return { ok: false, reason: `unknown model ${options.model}` };
    modelLabel = model.name;
    outcomes = chain.slices.map((slice) => fitSmileExpiry(slice, model, options.fit ?? {}, options.clock));
  }
  const timeMs = options.clock() - started;
  return { ok: true, document: assembleFitDocument(snapshot, options.currency, modelLabel, outcomes, options.grid === true, timeMs) };
}
