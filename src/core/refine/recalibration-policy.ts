/**
 * When a warm refinement is enough and when the series needs a full recalibration. volcal recalibrates
 * every snapshot it is given; this policy decides how: from the last parameters (a warm start, with the
 * prior toward them when the series is regularised), or from the model's global start with no prior, as
 * if the series began again. Documented in docs/refinement.md.
 *
 * Before fitting (triggers on what is known from the market and the last calibration):
 * - no usable last calibration (none, or it failed) → full;
 * - the last calibration is older than MAX_AGE_HOURS → full (a warm start from a stale regime);
 * - the market moved: |ln(F₁/F₀)| of the nearest common expiry over a week, in units of the last ATM vol
 *   over the elapsed time (σ√Δt), above MAX_MOVE_SIGMAS → full;
 * - the last parameters' prediction of today's quotes (sticky moneyness) is inside the spread for less
 *   than MIN_STALE_INSIDE of the share the last calibration achieved in-sample → full.
 * After a warm fit (its own quality):
 * - inside-spread share more than MAX_INSIDE_DROP below the last calibration's, or the solver did not
 *   converge, or a parameter moved more than MAX_DRIFT_SE standard errors → the fallback: the same
 *   objective (prior included) from the global start, and the fit with the lower total cost is kept —
 *   the warm start may have left the optimiser in the wrong basin; the objective is not in question.
 *
 * The thresholds are judgement, set on the first weeks of the Deribit data (docs/refinement.md): the day-
 * to-day change of crypto smiles moves the last parameters' inside share by tens of points on ordinary
 * days, so only a collapse to a quarter of it counts as a trigger.
 */

export const MAX_AGE_HOURS = 7 * 24;
export const MAX_MOVE_SIGMAS = 4;
export const MIN_STALE_INSIDE = 0.25;
export const MAX_INSIDE_DROP = 0.1;
export const MAX_DRIFT_SE = 25;

export interface PolicyInputs {
  /** The last calibration succeeded and its state can be used. */
  readonly hasPrevious: boolean;
  readonly hoursSincePrevious: number;
  /** |ln(F₁/F₀)| / (σ_ATM √Δt) of the reference expiry; NaN when not measurable. */
  readonly moveInSigmas: number;
  /** Inside-spread share of the last parameters on today's quotes (NaN when not measured). */
  readonly staleInsideShare: number;
  /** The last calibration's in-sample inside-spread share. */
  readonly previousInsideShare: number;
}

export interface Decision {
  readonly mode: 'warm' | 'full';
  /** Why, in words a history reader understands ('first calibration', 'market moved 5.2σ', ...). */
  readonly reasons: readonly string[];
}

export function decideBeforeFit(inputs: PolicyInputs): Decision {
  if (!inputs.hasPrevious) return { mode: 'full', reasons: ['no usable previous calibration'] };
  const reasons: string[] = [];
  if (inputs.hoursSincePrevious > MAX_AGE_HOURS) reasons.push(`previous calibration ${inputs.hoursSincePrevious.toFixed(0)} h old`);
  if (inputs.moveInSigmas > MAX_MOVE_SIGMAS) reasons.push(`market moved ${inputs.moveInSigmas.toFixed(1)}σ`);
  if (inputs.staleInsideShare < MIN_STALE_INSIDE * inputs.previousInsideShare) {
    reasons.push(`previous parameters inside the spread for ${pct(inputs.staleInsideShare)} of today's quotes (had ${pct(inputs.previousInsideShare)})`);
  }
  return reasons.length > 0 ? { mode: 'full', reasons } : { mode: 'warm', reasons: ['warm refinement'] };
}

export interface WarmFitCheck {
  readonly insideShare: number;
  readonly previousInsideShare: number;
  readonly converged: boolean;
  readonly driftInStandardErrors: number;
}

/** Reasons to fall back to a full recalibration after a warm fit; empty when the warm fit stands. */
export function warmFitConcerns(check: WarmFitCheck): string[] {
  const reasons: string[] = [];
  if (check.insideShare < check.previousInsideShare - MAX_INSIDE_DROP) {
    reasons.push(`warm fit inside the spread for ${pct(check.insideShare)} (previous ${pct(check.previousInsideShare)})`);
  }
  if (!check.converged) reasons.push('warm fit did not converge');
  if (check.driftInStandardErrors > MAX_DRIFT_SE) reasons.push(`a parameter moved ${check.driftInStandardErrors.toFixed(0)} standard errors`);
  return reasons;
}

function pct(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}
