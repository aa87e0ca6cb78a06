/**
 * A problem found while reading a file, located precisely enough to fix the file: file, 1-based line
 * (0 = the whole file), column name ('' = no single column), the offending value and the reason.
 * Readers never throw on bad input; they return these.
 */

export type IssueSeverity = 'error' | 'warning';

export interface ReadIssue {
  readonly file: string;
  /** 1-based line where the record starts; 0 when the issue is about the whole file. */
  readonly line: number;
  /** Column (or JSON field) name, '' when the issue is not about one column. */
  readonly column: string;
  /** The offending value, shortened to at most {@link VALUE_EXCERPT_LENGTH} characters. */
  readonly value?: string;
  readonly reason: string;
  /** `error`: the row (or, at line 0, the file) was rejected. `warning`: read anyway, but look. */
  readonly severity: IssueSeverity;
}

export const VALUE_EXCERPT_LENGTH = 60;

/** `file:12: column 'strike': not a number (value 'abc')`; `file: reason` for whole-file issues. */
export function formatIssue(issue: ReadIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  const level = issue.severity === 'warning' ? 'warning: ' : '';
  const column = issue.column === '' ? '' : `column '${issue.column}': `;
  const value = issue.value === undefined ? '' : ` (value '${issue.value}')`;
  return `${where}: ${level}${column}${issue.reason}${value}`;
}

/** A row-level error: the row is rejected. */
export function rowError(file: string, line: number, column: string, reason: string, value?: string): ReadIssue {
  return withValue({ file, line, column, reason, severity: 'error' }, value);
}

export function rowWarning(file: string, line: number, column: string, reason: string, value?: string): ReadIssue {
  return withValue({ file, line, column, reason, severity: 'warning' }, value);
}

/** A whole-file error: nothing usable was read. */
export function fileError(file: string, reason: string): ReadIssue {
  return { file, line: 0, column: '', reason, severity: 'error' };
}

export function fileWarning(file: string, reason: string): ReadIssue {
  return { file, line: 0, column: '', reason, severity: 'warning' };
}

/** Shortens a value for display and makes control characters visible (`\x0a`). */
export function excerpt(value: string): string {
  const head = value.slice(0, VALUE_EXCERPT_LENGTH);
  let visible = '';
  for (const c of head) {
    const code = c.charCodeAt(0);
    visible += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  const whole = head.length === value.length && visible.length <= VALUE_EXCERPT_LENGTH;
  return whole ? visible : `${visible.slice(0, VALUE_EXCERPT_LENGTH - 1)}…`;
}

function withValue(issue: ReadIssue, value: string | undefined): ReadIssue {
  return value === undefined ? issue : { ...issue, value: excerpt(value) };
}
