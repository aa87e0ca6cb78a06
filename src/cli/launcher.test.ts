/**
 * The `volcal` launcher (bin/volcal.js) runs the CLI on Node 24, and re-executes itself with the pinned
 * Node when it is started by an older one (a global install or `npm link` used with the system Node 20).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const launcher = fileURLToPath(new URL('../../bin/volcal.js', import.meta.url));
const olderNodes = ['/usr/bin/node', '/usr/local/bin/node'].filter((path) => {
  if (!existsSync(path)) return false;
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return /^v(1\d|2[0-3])\./.test(version);
});

test('bin/volcal.js runs the CLI under the current Node', () => {
  const run = spawnSync(process.execPath, [launcher, 'version'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('bin/volcal.js started by an older system Node re-executes with the pinned Node 24', { skip: olderNodes.length === 0 }, () => {
  const run = spawnSync(olderNodes[0]!, [launcher, 'help'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Usage: volcal <command>/);
});

test('bin/volcal.js passes the exit code through', () => {
  const run = spawnSync(process.execPath, [launcher, 'no-such-command'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /unknown command/);
});
