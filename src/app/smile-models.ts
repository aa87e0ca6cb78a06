/**
 * The per-expiry smile models `volcal fit` knows, by name. Surface models (SSVI, eSSVI) and the
 * stochastic models fit whole chains and have their own use cases.
 */
import type { SmileModel } from '../core/smile/smile-model.ts';
import { sviModel } from '../core/smile/svi.ts';
import { createSabrModel } from '../core/smile/sabr.ts';

export const smileModelNames = ['svi', 'sabr'] as const;
export type SmileModelName = (typeof smileModelNames)[number];

export interface SmileModelSettings {
  /** SABR's β, fixed during calibration (1: lognormal backbone, the crypto default). */
  readonly beta: number;
}

/** The model called `name`, or null when there is none. */
export function smileModel(name: string, settings: SmileModelSettings): SmileModel<unknown> | null {
  switch (name) {
    case 'svi':
      return sviModel;
    case 'sabr':
      return createSabrModel(settings.beta);
    default:
      return null;
  }
}
