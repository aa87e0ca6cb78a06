/**
 * Reading and writing the plain-JSON numbers of a stored series state or record: a required value must be
 * a finite number (a state that is not is corrupt, and says so); an optional one reads as NaN when absent;
 * a non-finite number is written as null (JSON has no NaN).
 */

export function stateNumber(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`state value ${String(value)} is not a finite number`);
  return value;
}

export function stateNumberOrNaN(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
