import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../run-command.ts';
import { bufferIo } from '../io.ts';
import { black76Price } from '../../core/pricing/black76.ts';
import { createRng } from '../../core/numerics/random.ts';

const dir = mkdtempSync(join(tmpdir(), 'volcal-iv-'));

function writeInput(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('iv inverts generated prices back to their vols, printed at full round-trip precision', async () => {
  const rng = createRng(11);
  const vols: number[] = [];
  const lines = ['forward,strike,expiry_years,type,price'];
  for (let i = 0; i < 200; i++) {
    const T = Math.exp(rng.uniform(Math.log(1 / 365), Math.log(2)));
    const vol = rng.uniform(0.2, 2);
    const K = 60_000 * Math.exp(rng.uniform(-1, 1) * vol * Math.sqrt(T));
    const type = K >= 60_000 ? 'call' : 'put';
    vols.push(vol);
    lines.push(`60000,${K},${T},${type},${black76Price(60_000, K, T, vol, type)}`);
  }
  const io = bufferIo();
  assert.equal(await runCommand(['iv', '--input', writeInput('ok.csv', lines.join('\n'))], io), 0, io.err());
  const out = io.out().trim().split('\n');
  assert.equal(out[0], 'forward,strike,expiry_years,type,price,iv,status');
  out.slice(1).forEach((line, i) => {
    const fields = line.split(',');
    assert.equal(fields[6], 'ok');
    const iv = Number(fields[5]);
    assert.equal(String(iv), fields[5], 'shortest round-trip decimal');
    assert.ok(Math.abs(iv - vols[i]!) < 1e-12 * vols[i]!, `row ${i + 2}: ${iv} vs ${vols[i]}`);
  });
});

test('iv --format json prints one object per line with typed statuses', async () => {
  const input = writeInput(
    'typed.csv',
    ['forward,strike,expiry_years,type,price', '100,90,1,call,5', '100,90,1,call,150', '100,100,1,put,8'].join('\n'),
  );
  const io = bufferIo();
  assert.equal(await runCommand(['iv', '--input', input, '--format', 'json'], io), 0);
  const rows = io.out().trim().split('\n').map((l) => JSON.parse(l) as { iv: number | null; status: string; strike: number });
  assert.deepEqual(rows.map((r) => r.status), ['below_intrinsic', 'above_maximum', 'ok']);
  assert.equal(rows[0]!.iv, null);
  assert.equal(rows[0]!.strike, 90);
  assert.ok(rows[2]!.iv !== null && Math.abs(black76Price(100, 100, 1, rows[2]!.iv, 'put') - 8) < 1e-13);
});

test('iv reports malformed rows with file, line and column, and still inverts the rest', async () => {
  const input = writeInput(
    'bad.csv',
    ['forward,strike,expiry_years,type,price', '100,100,1,call,8', '100,abc,1,call,8', '100,100,1,straddle,8', '100,100,NaN,put,8', '100,100,1,put'].join(
      '\n',
    ),
  );
  const io = bufferIo();
  assert.equal(await runCommand(['iv', '--input', input], io), 1);
  const err = io.err();
  assert.match(err, /bad\.csv:3: column 'strike': not a finite number \(value 'abc'\)/);
  assert.match(err, /bad\.csv:4: column 'type': must be 'call' or 'put'/);
  assert.match(err, /bad\.csv:5: column 'expiry_years'/);
  assert.match(err, /bad\.csv:6: expected 5 fields, found 4/);
  const statuses = io.out().trim().split('\n').slice(1).map((l) => l.split(',').at(-1));
  assert.deepEqual(statuses, ['ok', 'invalid_row', 'invalid_row', 'invalid_row', 'invalid_row']);
});

test('iv names a missing column', async () => {
  const io = bufferIo();
  assert.equal(await runCommand(['iv', '--input', writeInput('cols.csv', 'forward,strike,type,price\n100,100,call,8\n')], io), 1);
  assert.match(io.err(), /missing column expiry_years/);
});
