/**
 * RFC 4180 CSV tokenizer that keeps 1-based line numbers for every record and reports malformed records
 * instead of throwing. Pure (string in, records out), so it also runs in a browser.
 *
 * Accepted: fields separated by `,`; records ended by CRLF, LF or a lone CR; quoted fields with embedded
 * commas, line breaks and doubled quotes (`""`); a leading byte-order mark. A quote inside an unquoted field
 * is kept as a literal character (as Python's csv module and spreadsheets do).
 * Reported, and the record dropped: text after a closing quote (`"ab"c`), and a quoted field that never
 * closes. After an unterminated quote, reading resumes on the line after the one where the quote opened,
 * so one stray quote costs one record, not the rest of the file. That costs one extra pass at most: a quote
 * that never closes leaves only runs of an even number of quotes after it, and a field opened on such a
 * run closes inside it, so there is never a second unterminated field.
 * Empty lines are not records; they are counted in `blankLines`.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvMalformedRecord {
  readonly line: number;
  readonly reason: string;
}

export interface CsvParseResult {
  readonly records: readonly CsvRecord[];
  readonly malformed: readonly CsvMalformedRecord[];
  readonly blankLines: number;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const BOM = 0xfeff;
const END = -1;

export function parseCsv(text: string): CsvParseResult {
  const records: CsvRecord[] = [];
  const malformed: CsvMalformedRecord[] = [];
  const n = text.length;
  let blankLines = 0;
  let i = n > 0 && text.charCodeAt(0) === BOM ? 1 : 0;
  let line = 1;

  const codeAt = (k: number): number => (k < n ? text.charCodeAt(k) : END);

  records: while (i < n) {
    if (isLineBreak(codeAt(i))) {
      i = afterLineBreak(text, i);
      line++;
      blankLines++;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    let problem: string | null = null;
    let c: number;
    for (;;) {
      if (codeAt(i) === QUOTE) {
        const openAt = i;
        const openLine = line;
        let value = '';
        let segment = i + 1;
        let close: number;
        for (;;) {
          close = text.indexOf('"', segment);
          if (close === -1 || codeAt(close + 1) !== QUOTE) break;
          value += text.slice(segment, close + 1); // `""` stands for one quote
          segment = close + 2;
        }
        if (close === -1) {
          malformed.push({
            line: recordLine,
            reason: `unterminated quoted field ${fields.length + 1} (the quote opens on line ${openLine} and never closes)`,
          });
          const nextBreak = indexOfLineBreak(text, openAt);
          if (nextBreak === -1) break records;
          i = afterLineBreak(text, nextBreak);
          line = openLine + 1;
          continue records;
        }
        value += text.slice(segment, close);
        line += countLineBreaks(text, openAt + 1, close);
        i = close + 1;
        fields.push(value);
        c = codeAt(i);
        if (c !== COMMA && c !== END && !isLineBreak(c)) {
          const span = line > openLine ? ` (the quoted field spans lines ${openLine}–${line})` : '';
          problem = `unexpected character ${describeChar(c)} after the closing quote of field ${fields.length}${span}`;
          while (i < n && !isLineBreak(text.charCodeAt(i))) i++;
          c = codeAt(i);
        }
      } else {
        const start = i;
        c = codeAt(i);
        while (c !== COMMA && c !== END && !isLineBreak(c)) c = codeAt(++i);
        fields.push(text.slice(start, i));
      }
      if (c !== COMMA) break;
      i++;
    }
    if (i < n) {
      i = afterLineBreak(text, i);
      line++;
    }
    if (problem === null) records.push({ line: recordLine, fields });
    else malformed.push({ line: recordLine, reason: problem });
  }
  return { records, malformed, blankLines };
}

function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

/** Index just past the line break at `i` (CRLF counts as one). */
function afterLineBreak(text: string, i: number): number {
  return text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
}

function indexOfLineBreak(text: string, from: number): number {
  for (let k = from; k < text.length; k++) if (isLineBreak(text.charCodeAt(k))) return k;
  return -1;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}

function describeChar(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
