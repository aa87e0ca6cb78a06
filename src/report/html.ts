/**
 * HTML escaping for the report. Every string that comes from data (instrument names, file paths, stop
 * reasons, failure reasons, parameter names) goes through `escapeHtml` before it is put in markup, in text
 * and in attribute values alike (all five characters are replaced, so the result is safe in both).
 */

const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}
