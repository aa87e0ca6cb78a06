/** Parameter specs (order, bounds, packing, deterministic starts) of the characteristic-function models. */
import type { ModelSpec } from '../model-spec.ts';
import { createBatesSpec } from './bates-spec.ts';
import { createHestonSpec, type HestonSpecOptions } from './heston-spec.ts';
import { createKouSpec } from './kou-spec.ts';
import { createMertonSpec } from './merton-spec.ts';
import { createVarianceGammaSpec } from './variance-gamma-spec.ts';

export { createBatesSpec, createHestonSpec, createKouSpec, createMertonSpec, createVarianceGammaSpec };
export type { HestonSpecOptions };

export const stochasticModelNames = ['heston', 'bates', 'merton', 'kou', 'vg'] as const;
export type StochasticModelName = (typeof stochasticModelNames)[number];

export function isStochasticModelName(name: string): name is StochasticModelName {
  return (stochasticModelNames as readonly string[]).includes(name);
}

/** The spec of a model by its CLI name; Feller applies to Heston and Bates only. */
export function stochasticModelSpec(name: StochasticModelName, options: HestonSpecOptions = {}): ModelSpec<unknown> {
  switch (name) {
    case 'heston':
      return createHestonSpec(options);
    case 'bates':
      return createBatesSpec(options);
    case 'merton':
      return createMertonSpec();
    case 'kou':
      return createKouSpec();
    case 'vg':
      return createVarianceGammaSpec();
  }
}
