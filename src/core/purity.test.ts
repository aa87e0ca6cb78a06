/**
 * Keeps the core pure (STYLE.md principle 1): nothing in src/core (tests aside) may import Node APIs,
 * npm packages or the edges (io, cli, store, ...), or touch the clock or the process. The core then runs
 * in a browser, and the same inputs give the same outputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const coreDir = dirname(fileURLToPath(import.meta.url));

function coreSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // testing/ folders hold test-support code (builders, contract suites) that may use node:test.
    if (entry.isDirectory()) {
      if (entry.name !== 'testing') out.push(...coreSources(path));
    }
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const importPattern = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
const forbiddenGlobals = /\b(process\.|Date\.now\(|new Date\(\)|performance\.now\(|Math\.random\(|require\(|globalThis\.|setTimeout\(|fetch\()/;

/** Import and ambient-state violations of one core file; `file` is its path relative to src/core. */
export function importViolations(file: string, source: string): string[] {
  const problems: string[] = [];
  for (const match of source.matchAll(importPattern)) {
    const spec = match[1] ?? match[2] ?? '';
    if (!spec.startsWith('.')) {
      problems.push(`${file}: imports '${spec}' (core may import only core modules)`);
      continue;
    }
    const target = resolve(coreDir, dirname(file), spec);
    if (relative(coreDir, target).startsWith('..')) problems.push(`${file}: imports '${spec}' from outside src/core`);
  }
  const lines = source.split('\n');
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (/^\s*\*/.test(code)) return; // doc comment line
    if (forbiddenGlobals.test(code)) problems.push(`${file}:${i + 1}: uses the clock, the process or ambient state: ${line.trim()}`);
  });
  return problems;
}

test('src/core imports nothing but src/core and uses no clock, process or Math.random', () => {
  const files = coreSources(coreDir);
  assert.ok(files.length > 0);
  const problems = files.flatMap((f) => importViolations(relative(coreDir, f), readFileSync(f, 'utf8')));
  assert.deepEqual(problems, []);
});

test('the purity check catches a Node import, an edge import and the clock', () => {
  const file = join('market', 'x.ts');
  assert.equal(importViolations(file, "import { readFileSync } from 'node:fs';").length, 1);
  assert.equal(importViolations(file, "import { readChainFile } from '../../io/read-chain.ts';").length, 1);
  assert.equal(importViolations(file, 'const t = Date.now();').length, 1);
  assert.equal(importViolations(file, "import { normCdf } from '../numerics/normal.ts';").length, 0);
});
