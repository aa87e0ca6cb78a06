/**
 * `volcal fit` as a use case: one currency of a snapshot, resolved, fitted with any model by name (per
 * expiry: svi, sabr; whole surface: ssvi, essvi, svi-surface), reported as the fit document (docs/fit-json.md).
 * The clock is injected (STYLE.md principle 3).
 */
import type { ChainSnapshot } from '../core/market/option-quote.ts';
import { resolveChain, type ResolveOptions } from '../core/market/resolve-chain.ts';
import type { SmileFitOptions } from '../core/calibration/calibrate-smile.ts';
import { assembleFitDocument, type FitDocument } from './fit-document.ts';
import { fitSmileExpiry } from './fit-smiles.ts';
import { fitSurfaceExpiries } from './fit-surface.ts';
import { fitSviSurfaceExpiries } from './fit-svi-surface.ts';
import { smileModel } from './smile-models.ts';
import { fitModelExpiries, type FitModelsOptions } from './fit-models.ts';
import { isStochasticModelName, stochasticModelNames } from '../core/calibration/model-specs/index.ts';
import type { ModelFitOptions } from '../core/calibration/calibrate-model.ts';

/**
 * The smile and surface models (issue 3's set: per expiry svi, sabr; whole surface ssvi, essvi, and
 * svi-surface, the SVI slices fitted jointly free of static arbitrage).
 */
export const smileModelNames = ['svi', 'sabr', 'ssvi', 'essvi', 'svi-surface'] as const;
export const fitModelNames = [...smileModelNames, ...stochasticModelNames] as const;
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
  /** Stochastic models: hold 2κθ ≥ σ² (Heston, Bates). */
  readonly feller?: boolean;
  /** Stochastic models: implied-vol residuals (default) or vega-scaled price errors. */
  readonly priceError?: ModelFitOptions['priceError'];
  /** Stochastic models: packed parameter names held at their start values. */
  readonly fixed?: readonly string[];
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
  let modelParameters;
  if (isStochasticModelName(options.model)) {
    const fitted = fitModelExpiries(chain.slices, options.model, modelFitOptions(options), options.clock);
    outcomes = fitted.outcomes;
    modelParameters = fitted.summary ?? undefined;
  } else if (options.model === 'ssvi' || options.model === 'essvi') {
    outcomes = fitSurfaceExpiries(chain.slices, options.model, options.fit ?? {}, options.clock);
  } else if (options.model === 'svi-surface') {
    outcomes = fitSviSurfaceExpiries(chain.slices, options.fit ?? {}, options.clock);
  } else {
    const model = smileModel(options.model, { beta: options.beta ?? 1 });
    if (model === null) return { ok: false, reason: `unknown model ${options.model}` };
    modelLabel = model.name;
    outcomes = chain.slices.map((slice) => fitSmileExpiry(slice, model, options.fit ?? {}, options.clock));
  }
  const timeMs = options.clock() - started;
  return { ok: true, document: assembleFitDocument(snapshot, options.currency, modelLabel, outcomes, options.grid === true, timeMs, modelParameters) };
}

/** The smile-fit options that apply to the stochastic models (objective, iterations), plus Feller and fixed masks. */
function modelFitOptions(options: FitChainOptions): FitModelsOptions {
  const fit = options.fit ?? {};
  const pick = <K extends keyof SmileFitOptions & keyof ModelFitOptions>(key: K): Partial<Pick<ModelFitOptions, K>> =>
    fit[key] !== undefined ? ({ [key]: fit[key] } as Partial<Pick<ModelFitOptions, K>>) : {};
  return {
    ...pick('weighting'),
    ...pick('loss'),
    ...pick('huberThreshold'),
    ...pick('midAnchor'),
    ...pick('spreadFloorVol'),
    ...(options.feller === true ? { feller: true } : {}),
    ...(options.priceError !== undefined ? { priceError: options.priceError } : {}),
    ...(options.fixed !== undefined ? { fixed: options.fixed } : {}),
  };
}
