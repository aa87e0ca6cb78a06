import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoInstant } from './iso-instant.ts';

const ms = (text: string): number => {
  const result = parseIsoInstant(text);
  if (!result.ok) assert.fail(`${text}: ${result.reason}`);
  return result.value;
};
const reason = (text: string): string => {
  const result = parseIsoInstant(text);
  assert.ok(!result.ok, text);
  return result.reason;
};

test('parseIsoInstant reads Z, ±hh:mm, ±hhmm and ±hh offsets', () => {
  const instant = Date.UTC(2026, 2, 27, 8);
  for (const text of ['2026-03-27T08:00:00Z', '2026-03-27T08:00Z', '2026-03-27T08:00:00+00:00', '2026-03-27T10:00:00+02:00', '2026-03-27T03:00:00-0500', '2026-03-27T13:30:00+05:30', '2026-03-27T11:00+03']) {
    assert.equal(ms(text), instant, text);
  }
});

test('parseIsoInstant reads pandas style (space separator, microseconds), truncating to ms', () => {
  assert.equal(ms('2025-12-30T17:31:15.944181+00:00'), Date.UTC(2025, 11, 30, 17, 31, 15, 944));
  assert.equal(ms('2026-01-30 16:45:44+00:00'), Date.UTC(2026, 0, 30, 16, 45, 44));
  assert.equal(ms('2026-01-30T16:45:44.5Z'), Date.UTC(2026, 0, 30, 16, 45, 44, 500));
});

test('parseIsoInstant refuses a time without a zone, and says so', () => {
  assert.match(reason('2026-03-27T08:00:00'), /without a time zone/);
  assert.match(reason('2026-03-27'), /a date without a time and zone/);
});

test('parseIsoInstant refuses impossible dates and times', () => {
  assert.match(reason('2026-02-30T00:00Z'), /day 30 does not exist/);
  assert.match(reason('2026-13-01T00:00Z'), /month 13/);
  assert.match(reason('2026-01-01T24:00Z'), /out of range/);
  assert.match(reason('2026-01-01T00:00+25:00'), /offset out of range/);
  assert.match(reason('0099-01-01T00:00Z'), /year 0099 is out of range/);
  assert.match(reason('tomorrow'), /expected an ISO-8601 instant/);
});
