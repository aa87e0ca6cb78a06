/**
 * One step of a calibration series: the market at one snapshot, the series' last calibration, and out
 * comes the stored record — the fit (warm or full, by the recalibration policy, with the prior toward
 * the last parameters when the series is regularised), the last calibration's out-of-sample scores on
 * this snapshot beside the naive predictor's, and the triggers that decided.
 */
import { createHash } from 'node:crypto';
import type { SmileSlice } from '../../core/calibration/smile-slice.ts';
import { scoreOutOfSample, type OutOfSampleScores } from '../../core/refine/out-of-sample.ts';
import { constantMaturityAtmVol } from '../../core/refine/market-atm-vol.ts';
import { discountedStrength } from '../../core/refine/parameter-prior.ts';
import { decideBeforeFit, warmFitConcerns, type Decision } from '../../core/refine/recalibration-policy.ts';
import type { CalibrationRecord, SeriesKey } from '../../store/history-store.ts';
import type { SeriesModel, SeriesState } from './series-models.ts';
import { finiteOrNull } from './state-values.ts';

/** What a step needs of the series' last calibration. */
export interface PreviousCalibration {
  readonly snapshotMs: number;
  readonly ok: boolean;
  readonly state: SeriesState;
  readonly insideSpreadShare: number;
  /** The last snapshot's slices (for the naive predictor and the market move); null when not at hand. */
  readonly slices: readonly SmileSlice[] | null;
}

export interface StepInput {
  readonly series: SeriesKey;
  readonly model: SeriesModel;
  /** Prior strength of a regularised series; 0 for a plain one. */
  readonly strength: number;
  readonly snapshotMs: number;
  readonly sourceFile: string;
  readonly slices: readonly SmileSlice[];
  readonly previous: PreviousCalibration | null;
  readonly volcalVersion: string;
  readonly clock: () => number;
}

const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 24 * HOUR_MS;
const ONE_DAY_YEARS = 1 / 365;
/** The market move is measured on the first expiry common to both snapshots at least this far out. */
const MOVE_REFERENCE_YEARS = 7 / 365;

export function calibrationStep(input: StepInput): CalibrationRecord {
  const started = input.clock();
  const { model, previous } = input;
  const usablePrevious = previous !== null && previous.ok ? previous : null;
  const oos = usablePrevious?.slices != null ? outOfSample(input, usablePrevious, usablePrevious.slices) : null;
  const hours = usablePrevious === null ? Number.NaN : (input.snapshotMs - usablePrevious.snapshotMs) / HOUR_MS;
  const move = usablePrevious?.slices != null ? marketMoveInSigmas(usablePrevious.slices, input.slices, hours) : Number.NaN;
  const decision = decideBeforeFit({
    hasPrevious: usablePrevious !== null,
    hoursSincePrevious: hours,
    moveInSigmas: move,
    staleInsideShare: oos?.stickyMoneyness.twoSidedQuotes ? oos.stickyMoneyness.insideSpreadShare : Number.NaN,
    previousInsideShare: usablePrevious?.insideSpreadShare ?? 0,
  });

  const fitFull = () => model.fit({ slices: input.slices, previous: null, warm: false, strength: 0 });
  // The prior weakens with the market's move since the last calibration (parameter-prior.ts).
  const strength = discountedStrength(input.strength, move * Math.sqrt(hours / 24));
  let fit = decision.mode === 'full' ? fitFull() : model.fit({ slices: input.slices, previous: usablePrevious!.state, warm: true, strength });
  let fallback: Fallback | null = null;
  if (decision.mode === 'warm') {
    const concerns = fit.ok
      ? warmFitConcerns({
          insideShare: fit.statistics.insideSpreadShare,
          previousInsideShare: usablePrevious!.insideSpreadShare,
          converged: fit.solver.converged,
          driftInStandardErrors: fit.driftInStandardErrors,
        })
      : [`warm fit failed: ${fit.reason}`];
    if (concerns.length > 0) {
      // The same objective (prior included) from the global start; the lower total cost wins.
      const fresh = model.fit({ slices: input.slices, previous: usablePrevious!.state, warm: false, strength });
      const total = (f: typeof fit): number => (f.ok ? f.solver.cost + f.solver.penaltyCost : Infinity);
      // …among fits of as many quotes: a global-start fit that lost an expiry (a per-expiry model) has a
      // lower cost for a worse reason.
      const quotesOf = (f: typeof fit): number => (f.ok ? f.statistics.quotes : -1);
      const useFresh = fresh.ok && quotesOf(fresh) >= quotesOf(fit) && total(fresh) < total(fit);
      fallback = { reasons: concerns, kept: useFresh ? 'global start' : 'warm start' };
      if (useFresh) fit = fresh;
    }
  }
  const timeMs = input.clock() - started;
  const base = {
    ...input.series,
    snapshotMs: input.snapshotMs,
    sourceFile: input.sourceFile,
    quotesHash: quotesHash(input.slices),
    volcalVersion: input.volcalVersion,
  };
  const diagnostics = {
    policy: policyJson(decision, fallback),
    market: {
      hoursSincePrevious: finiteOrNull(hours),
      moveInSigmas: finiteOrNull(move),
      // The quotes' own ATM level (market-atm-vol.ts): the yardstick of the fitted parameters' changes.
      atmVol7d: finiteOrNull(constantMaturityAtmVol(input.slices, 7 / 365)),
      atmVol30d: finiteOrNull(constantMaturityAtmVol(input.slices, 30 / 365)),
      atmVol90d: finiteOrNull(constantMaturityAtmVol(input.slices, 90 / 365)),
    },
    outOfSample: oos,
    strength: input.strength,
    effectiveStrength: decision.mode === 'full' ? 0 : finiteOrNull(strength),
    expiries: input.slices.length,
    timeMs,
  };
  if (!fit.ok) {
    return { ...base, ok: false, failureReason: fit.reason, params: {}, diagnostics, solver: { timeMs }, state: {} };
  }
  return {
    ...base,
    ok: true,
    failureReason: null,
    params: fit.params,
    diagnostics: {
      ...diagnostics,
      statistics: fit.statistics,
      driftInStandardErrors: finiteOrNull(fit.driftInStandardErrors),
      parameterCount: fit.parameterCount,
    },
    solver: { ...fit.solver, timeMs },
    state: fit.state,
  };
}

function outOfSample(input: StepInput, previous: PreviousCalibration, before: readonly SmileSlice[]): OutOfSampleScores | null {
  try {
    const smiles = input.model.smiles(previous.state, previous.snapshotMs);
    const minT = Math.max(input.model.minTimeToExpiryYears, ONE_DAY_YEARS);
    const scores = scoreOutOfSample(before, input.slices, smiles, { minTimeToExpiryYears: minT });
    return scores.naive.quotes > 0 ? scores : null;
  } catch {
    return null; // a stored state this model cannot read: the step goes on without out-of-sample scores
  }
}

/** |ln(F₁/F₀)| / (σ_ATM √Δt) on the first expiry over a week listed in both snapshots; NaN if none. */
function marketMoveInSigmas(before: readonly SmileSlice[], after: readonly SmileSlice[], hours: number): number {
  const byExpiry = new Map(before.map((s) => [s.expiryMs, s]));
  for (const s of after) {
    const b = byExpiry.get(s.expiryMs);
    if (b === undefined || s.timeToExpiryYears < MOVE_REFERENCE_YEARS || b.count === 0) continue;
    let atm = 0;
    for (let i = 1; i < b.count; i++) if (Math.abs(b.logMoneyness[i]!) < Math.abs(b.logMoneyness[atm]!)) atm = i;
    const elapsedYears = (hours * HOUR_MS) / YEAR_MS;
    return Math.abs(Math.log(s.forward / b.forward)) / (b.midVol[atm]! * Math.sqrt(elapsedYears));
  }
  return Number.NaN;
}

/** SHA-256 of the quotes a fit used, in slice and strike order (what makes two fits comparable). */
export function quotesHash(slices: readonly SmileSlice[]): string {
  const hash = createHash('sha256');
  for (const s of slices) {
    hash.update(`${s.currency}|${s.expiryMs}|${s.forward}\n`);
    for (let i = 0; i < s.count; i++) hash.update(`${s.instruments[i]}|${s.midVol[i]}|${s.bidVol[i]}|${s.askVol[i]}\n`);
  }
  return hash.digest('hex');
}

interface Fallback {
  readonly reasons: readonly string[];
  readonly kept: 'warm start' | 'global start';
}

function policyJson(decision: Decision, fallback: Fallback | null): Record<string, unknown> {
  return { mode: decision.mode, reasons: decision.reasons, fallback };
}
