/**
 * Runs instrument-name.test.ts in child processes under other machine time zones: the parser must give
 * the same instants whatever TZ says (it uses only Date.UTC arithmetic).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const testFile = fileURLToPath(new URL('./instrument-name.test.ts', import.meta.url));

// Zone and its UTC offset on 2026-01-01 as Date#getTimezoneOffset reports it (minutes, west positive).
const zones: readonly (readonly [string, number])[] = [
  ['America/New_York', 300],
  ['Asia/Kolkata', -330],
  ['Pacific/Chatham', -825],
];

for (const [zone, offsetMinutes] of zones) {
  test(`instrument-name tests pass with TZ=${zone}`, () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: zone };
    delete env.NODE_TEST_CONTEXT; // else the child talks the runner's internal protocol instead of TAP
    const probe = spawnSync(
      process.execPath,
      ['-e', 'process.stdout.write(String(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()))'],
      { env, encoding: 'utf8' },
    );
    assert.equal(probe.stdout, String(offsetMinutes), 'the child process did not take the TZ setting');
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', testFile], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const passed = /^# pass (\d+)$/m.exec(run.stdout);
    assert.ok(passed !== null && Number(passed[1]) >= 10, `child ran no tests:\n${run.stdout}`);
    assert.match(run.stdout, /^# fail 0$/m);
  });
}
