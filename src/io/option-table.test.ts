import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.ts';
import { formatIssue } from './read-issue.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, formatOptionTableCsv, formatOptionTableJson, readOptionTable, readOptionTableFile } from './option-table.ts';

test('readOptionTable reads the columns in any order and case into typed arrays, passing other columns through', () => {
  const text = 'Type,note,EXPIRY_YEARS,strike,Forward,price\nput,x,0.5,90,100,3.25\nC,"a, b",2,110,100.5,12\n';
  const table = readOptionTable(text, 'in.csv', { extraNumbers: ['price'] });
  assert.deepEqual(table.issues, []);
  assert.deepEqual(table.header, ['Type', 'note', 'EXPIRY_YEARS', 'strike', 'Forward', 'price']);
  assert.deepEqual(table.rows[1], ['C', 'a, b', '2', '110', '100.5', '12']);
  assert.deepEqual(table.lines, [2, 3]);
  assert.deepEqual([...table.valid], [1, 1]);
  assert.deepEqual([...table.forward], [100, 100.5]);
  assert.deepEqual([...table.strike], [90, 110]);
  assert.deepEqual([...table.expiryYears], [0.5, 2]);
  assert.deepEqual([...table.isCall], [0, 1]);
  assert.deepEqual([...table.extra.price], [3.25, 12]);
});

test('readOptionTable keeps each unreadable row, marked invalid, with an issue naming file, line, column, value and reason', () => {
  const text = [
    'forward,strike,expiry_years,type',
    '100,,1,call',
    '100,1e400,1,call',
    '100,100,1,straddle',
    '100,100,1',
    '100,100,1,put',
  ].join('\n');
  const table = readOptionTable(text, 'in.csv');
  assert.deepEqual([...table.valid], [0, 0, 0, 0, 1]);
  assert.deepEqual(table.issues.map(formatIssue), [
    "in.csv:2: column 'strike': missing value (value '')",
    "in.csv:3: column 'strike': not a finite number (value '1e400')",
    "in.csv:4: column 'type': must be 'call' or 'put' (value 'straddle')",
    'in.csv:5: expected 4 fields, found 3',
  ]);
});

test('readOptionTable rejects values below a column minimum only when asked', () => {
  const text = 'forward,strike,expiry_years,type\n100,-1,1,call\n100,1,-0,put\n100,1,-1e-300,put\n';
  assert.deepEqual(readOptionTable(text, 'in.csv').issues, []);
  const bounded = readOptionTable(text, 'in.csv', { extraNumbers: [], minimum: { strike: 0, expiry_years: 0 } });
  assert.deepEqual([...bounded.valid], [0, 1, 0]);
  assert.deepEqual(bounded.issues.map(formatIssue), [
    "in.csv:2: column 'strike': must be ≥ 0 (value '-1')",
    "in.csv:4: column 'expiry_years': must be ≥ 0 (value '-1e-300')",
  ]);
});

test('readOptionTable names every missing column, and the expected header for an empty file', () => {
  const missing = readOptionTable('forward,type\n100,call\n', 'in.csv', { extraNumbers: ['price'] });
  assert.equal(missing.header, null);
  assert.deepEqual(missing.issues.map(formatIssue), ["in.csv:1: column 'strike,expiry_years,price': missing columns strike, expiry_years, price"]);
  const empty = readOptionTable('', 'in.csv');
  assert.equal(empty.header, null);
  assert.deepEqual(empty.issues.map(formatIssue), ['in.csv: empty file: expected a header forward,strike,expiry_years,type']);
});

test('formatOptionTableCsv round-trips through the CSV parser: quoted fields, shortest decimals, empty for null', () => {
  const text = 'forward,strike,expiry_years,type,note\n100,90,0.5,put,"say ""hi"", then\nleave"\n';
  const table = readOptionTable(text, 'in.csv');
  const value = 0.1 + 0.2;
  const out = formatOptionTableCsv(table, [
    { name: 'value', value: () => value },
    { name: 'missing', value: () => null },
    { name: 'status', value: () => 'ok' },
  ]);
  const records = parseCsv(out).records.map((r) => r.fields);
  assert.deepEqual(records, [
    ['forward', 'strike', 'expiry_years', 'type', 'note', 'value', 'missing', 'status'],
    ['100', '90', '0.5', 'put', 'say "hi", then\nleave', String(value), '', 'ok'],
  ]);
  assert.equal(Number(records[1]![5]), value);
});

test('formatOptionTableJson prints numeric columns as numbers where they parse and everything else as written', () => {
  const table = readOptionTable('forward,strike,expiry_years,type,id\n100,abc,1,call,7\n', 'in.csv');
  const out = formatOptionTableJson(table, [{ name: 'status', value: () => 'invalid_row' }]);
  assert.deepEqual(JSON.parse(out), { forward: 100, strike: 'abc', expiry_years: 1, type: 'call', id: '7', status: 'invalid_row' });
  assert.ok(out.endsWith('}\n'));
});

test('csvField quotes exactly the fields holding a comma, a quote or a line break', () => {
  assert.equal(csvField('plain 1.5'), 'plain 1.5');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "x"'), '"say ""x"""');
  assert.equal(csvField('a\rb'), '"a\rb"');
});

test('readOptionTableFile reads a file like readOptionTable, and an unreadable one is a single whole-file issue', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'volcal-option-table-'));
  const file = join(dir, 'in.csv');
  writeFileSync(file, 'forward,strike,expiry_years,type\n100,90,1,put\n');
  assert.deepEqual([...(await readOptionTableFile(file)).strike], [90]);
  const absent = await readOptionTableFile(join(dir, 'absent.csv'));
  assert.equal(absent.header, null);
  assert.equal(absent.issues.length, 1);
  assert.match(formatIssue(absent.issues[0]!), /absent\.csv: cannot read: ENOENT/);
});
