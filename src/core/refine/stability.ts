/**
 * Parameter stability of a calibration series: the day-over-day (record-over-record) changes of each
 * named parameter, and one stability score. What the regularisation is meant to lower without costing
 * fit (docs/refinement.md).
 *
 * For each parameter present in two consecutive successful calibrations, |Δp| is collected; the series'
 * figure per parameter is the median |Δp| (robust to the days a regime really changes). The stability
 * score is the mean over parameters of median|Δp| / median|p| (a relative daily change; lower is stabler),
 * with median|p| floored at 1e-6 so a parameter sitting at zero does not divide by zero.
 */

export interface ParameterPoint {
  readonly ok: boolean;
  readonly params: Readonly<Record<string, number>>;
}

export interface ParameterStability {
  readonly name: string;
  readonly changes: number;
  readonly medianAbsChange: number;
  readonly medianAbsLevel: number;
}

export interface StabilityReport {
  readonly parameters: readonly ParameterStability[];
  /** Mean over parameters of median|Δp| / median|p|; NaN when no parameter has a change. */
  readonly score: number;
}

export function parameterStability(series: readonly ParameterPoint[]): StabilityReport {
  const changes = new Map<string, number[]>();
  const levels = new Map<string, number[]>();
  let previous: ParameterPoint | null = null;
  for (const point of series) {
    if (!point.ok) {
      previous = null;
      continue;
    }
    for (const [name, value] of Object.entries(point.params)) {
      if (!Number.isFinite(value)) continue;
      push(levels, name, Math.abs(value));
      const before = previous?.params[name];
      if (before !== undefined && Number.isFinite(before)) push(changes, name, Math.abs(value - before));
    }
    previous = point;
  }
  const parameters = [...changes.entries()].map(([name, list]) => ({
    name,
    changes: list.length,
    medianAbsChange: median(list),
    medianAbsLevel: median(levels.get(name) ?? []),
  }));
  const relative = parameters.map((p) => p.medianAbsChange / Math.max(p.medianAbsLevel, 1e-6));
  const score = relative.length > 0 ? relative.reduce((a, b) => a + b, 0) / relative.length : Number.NaN;
  return { parameters, score };
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Median of a list (NaN for an empty one); the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
