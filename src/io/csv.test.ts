import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.ts';

const rows = (text: string): string[][] => parseCsv(text).records.map((r) => [...r.fields]);
const lines = (text: string): number[] => parseCsv(text).records.map((r) => r.line);

test('parseCsv splits records on LF, CRLF and lone CR, numbering lines from 1', () => {
  assert.deepEqual(rows('a,b\n1,2\r\n3,4\r5,6'), [['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
  assert.deepEqual(lines('a,b\n1,2\r\n3,4\r5,6'), [1, 2, 3, 4]);
});

test('parseCsv keeps empty fields, including a trailing one', () => {
  assert.deepEqual(rows(',a,,\n'), [['', 'a', '', '']]);
});

test('parseCsv reads quoted fields with commas, doubled quotes and line breaks', () => {
  const text = 'x,y\n"a,b","say ""hi"""\n"two\nlines",z\n"three\r\nline\rbreaks",w\nlast,1';
  assert.deepEqual(rows(text), [
    ['x', 'y'],
    ['a,b', 'say "hi"'],
    ['two\nlines', 'z'],
    ['three\r\nline\rbreaks', 'w'],
    ['last', '1'],
  ]);
  assert.deepEqual(lines(text), [1, 2, 3, 5, 8]);
});

test('parseCsv reads Python dict strings as pandas quotes them', () => {
  const [record] = parseCsv(`0,"{'volume': 30.5, 'low': 0.0425}",open`).records;
  assert.deepEqual(record?.fields, ['0', "{'volume': 30.5, 'low': 0.0425}", 'open']);
});

test('parseCsv drops a leading byte-order mark', () => {
  assert.deepEqual(rows('\uFEFFa,b\n1,2'), [['a', 'b'], ['1', '2']]);
});

test('parseCsv skips empty lines, counts them, and keeps line numbers right', () => {
  const parsed = parseCsv('a\n\n\r\nb\n\n');
  assert.deepEqual(parsed.records.map((r) => [r.line, r.fields[0]]), [[1, 'a'], [4, 'b']]);
  assert.equal(parsed.blankLines, 3);
});

test('parseCsv keeps a quote inside an unquoted field as a literal character', () => {
  assert.deepEqual(rows('ab"c,d'), [['ab"c', 'd']]);
});

test('parseCsv reports text after a closing quote and drops only that record', () => {
  const parsed = parseCsv('h1,h2\n"ab"c,1\nok,2');
  assert.deepEqual(parsed.records.map((r) => r.fields), [['h1', 'h2'], ['ok', '2']]);
  assert.equal(parsed.malformed.length, 1);
  assert.equal(parsed.malformed[0]?.line, 2);
  assert.match(parsed.malformed[0].reason, /unexpected character 'c' after the closing quote of field 1/);
});

test('parseCsv reports an unterminated quote at its line and resumes on the next line', () => {
  const parsed = parseCsv('h1,h2\n1,2\n3,"oops\n5,6\n7,8\n');
  assert.deepEqual(parsed.records.map((r) => [r.line, ...r.fields]), [[1, 'h1', 'h2'], [2, '1', '2'], [4, '5', '6'], [5, '7', '8']]);
  assert.deepEqual(parsed.malformed, [
    { line: 3, reason: 'unterminated quoted field 2 (the quote opens on line 3 and never closes)' },
  ]);
});

test('parseCsv names the span of a quoted field that swallowed several lines', () => {
  const parsed = parseCsv('a,"x\nb,c\nd,"e\n');
  assert.match(parsed.malformed[0]?.reason ?? '', /spans lines 1–3/);
});

test('parseCsv: a stray quote on every line pairs lines up, each pair one malformed record', () => {
  const parsed = parseCsv('h\n' + '"x\n'.repeat(1000));
  assert.equal(parsed.records.length, 1);
  assert.equal(parsed.malformed.length, 500);
  assert.deepEqual(parsed.malformed.slice(0, 2).map((m) => m.line), [2, 4]);
  assert.ok(parsed.malformed.every((m) => m.reason.includes("unexpected character 'x'")));
});

test('parseCsv on an empty string gives no records', () => {
  assert.deepEqual(parseCsv(''), { records: [], malformed: [], blankLines: 0 });
  assert.deepEqual(rows('\uFEFF'), []);
});

test('parseCsv round-trips fields written by an RFC 4180 writer (seeded property)', async () => {
  const { createRng } = await import('../core/numerics/random.ts');
  const rng = createRng(4180);
  const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', ' ', '1', 'é'];
  const quote = (f: string): string => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
  for (let trial = 0; trial < 300; trial++) {
    const width = 1 + rng.nextInt(4);
    const table = Array.from({ length: 1 + rng.nextInt(5) }, () =>
      Array.from({ length: width }, () => Array.from({ length: rng.nextInt(6) }, () => alphabet[rng.nextInt(alphabet.length)]).join('')),
    );
    const text = table.map((r) => r.map(quote).join(',')).join(rng.next() < 0.5 ? '\n' : '\r\n');
    assert.deepEqual(rows(text), table, JSON.stringify(text));
  }
});
