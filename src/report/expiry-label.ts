/** Expiry instants as a trader reads them: `2026-02-13T08:00:00.000Z` → `13 Feb 2026 08:00 UTC`. */
import { escapeHtml } from './html.ts';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Already escaped; a string that is not an ISO UTC instant is shown as it is (escaped). */
export function expiryLabel(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(iso);
  const month = m === null ? undefined : months[Number(m[2]) - 1];
  if (m === null || month === undefined) return escapeHtml(iso);
  return `${String(Number(m[3]))} ${month} ${m[1] ?? ''} ${m[4] ?? ''} UTC`;
}

/** The short form for row labels: `13 Feb 26`. */
export function expiryShortLabel(iso: string): string {
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})T/.exec(iso);
  const month = m === null ? undefined : months[Number(m[2]) - 1];
  if (m === null || month === undefined) return escapeHtml(iso.slice(0, 10));
  return `${String(Number(m[3]))} ${month} ${m[1] ?? ''}`;
}
