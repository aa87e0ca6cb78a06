import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferIo } from './io.ts';
import { runCommand } from './run-command.ts';

test('volcal help prints the usage and exits 0', async () => {
  const io = bufferIo();
  assert.equal(await runCommand(['help'], io), 0);
  assert.match(io.out(), /Usage: volcal <command>/);
});

test('an unknown command is a usage error (exit 2) that names the command', async () => {
  const io = bufferIo();
  assert.equal(await runCommand(['frobnicate'], io), 2);
  assert.match(io.err(), /unknown command 'frobnicate'/);
});
