import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excerpt, fileError, fileWarning, formatIssue, rowError, rowWarning, VALUE_EXCERPT_LENGTH } from './read-issue.ts';

test('formatIssue gives file:line: column: reason (value)', () => {
  assert.equal(formatIssue(rowError('a.csv', 12, 'strike', 'not a number', 'abc')), "a.csv:12: column 'strike': not a number (value 'abc')");
  assert.equal(formatIssue(rowError('a.csv', 3, '', 'expected 23 fields, found 10')), 'a.csv:3: expected 23 fields, found 10');
  assert.equal(formatIssue(rowWarning('a.csv', 4, 'underlying_index', 'unknown')), "a.csv:4: warning: column 'underlying_index': unknown");
});

test('formatIssue leaves out the line for whole-file issues', () => {
  assert.equal(formatIssue(fileError('x.json', 'not valid JSON')), 'x.json: not valid JSON');
  assert.equal(formatIssue(fileWarning('x.csv', 'no snapshot time')), 'x.csv: warning: no snapshot time');
});

test('excerpt shortens long values and shows control characters', () => {
  assert.equal(excerpt('a\nb\u0000'), 'a\\x0ab\\x00');
  const long = excerpt('x'.repeat(1000));
  assert.equal(long.length, VALUE_EXCERPT_LENGTH);
  assert.ok(long.endsWith('…'));
  assert.equal(excerpt('y'.repeat(VALUE_EXCERPT_LENGTH)), 'y'.repeat(VALUE_EXCERPT_LENGTH));
  assert.equal(rowError('f', 1, 'c', 'r', '\r\n').value, '\\x0d\\x0a');
});

test('an issue without a value has no value property (exactOptionalPropertyTypes)', () => {
  assert.equal(Object.hasOwn(rowError('f', 1, 'c', 'r'), 'value'), false);
});
