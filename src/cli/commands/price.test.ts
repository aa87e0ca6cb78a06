import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../run-command.ts';
import { bufferIo } from '../io.ts';
import { black76Price } from '../../core/pricing/black76.ts';
import { createRng } from '../../core/numerics/random.ts';

const dir = mkdtempSync(join(tmpdir(), 'volcal-price-'));

function writeInput(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

interface Priced {
  readonly fields: readonly string[];
  readonly price: number;
  readonly status: string;
}

/** Runs `volcal price` and returns its exit code, stderr and the CSV rows with price parsed back. */
async function price(model: string, params: object, input: string, ...flags: string[]): Promise<{ code: number; err: string; rows: Priced[] }> {
  const io = bufferIo();
  const code = await runCommand(['price', '--model', model, '--params', JSON.stringify(params), '--input', input, ...flags], io);
  const [head, ...lines] = io.out().trim().split('\n');
  if (head !== undefined && head !== '') assert.match(head, /,price,status$/);
  const rows = lines.map((line) => {
    const fields = line.split(',');
    const printed = fields.at(-2)!;
    if (printed !== '') assert.equal(String(Number(printed)), printed, 'shortest round-trip decimal');
    return { fields, price: printed === '' ? NaN : Number(printed), status: fields.at(-1)! };
  });
  return { code, err: io.err(), rows };
}

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

const hestonParams = { v0: 0.04, kappa: 2, theta: 0.05, sigma: 0.6, rho: -0.7 };

test('price --model black76 prints exactly black76Price for every row', async () => {
  const rng = createRng(7);
  const lines = ['forward,strike,expiry_years,type'];
  const expected: number[] = [];
  for (let i = 0; i < 100; i++) {
    const T = Math.exp(rng.uniform(Math.log(1 / 365), Math.log(2)));
    const K = 60_000 * Math.exp(rng.uniform(-1, 1) * 0.8 * Math.sqrt(T));
    const type = i % 2 === 0 ? 'call' : 'put';
    lines.push(`60000,${K},${T},${type}`);
    expected.push(black76Price(60_000, K, T, 0.8, type));
  }
  const { code, err, rows } = await price('black76', { sigma: 0.8 }, writeInput('b76.csv', lines));
  assert.equal(code, 0, err);
  assert.equal(rows.length, expected.length);
  rows.forEach((row, i) => {
    assert.equal(row.status, 'ok');
    assert.equal(row.price, expected[i], `row ${i + 2}`);
  });
});

test('price --model heston with vanishing vol-of-vol and v0 = theta equals Black-76 at vol √v0 to 1e-9', async () => {
  const lines = ['forward,strike,expiry_years,type'];
  const expected: number[] = [];
  for (const T of [0.05, 0.5, 2]) {
    for (const K of [70, 90, 100, 110, 140]) {
      const type = K < 100 ? 'put' : 'call';
      lines.push(`100,${K},${T},${type}`);
      expected.push(black76Price(100, K, T, 0.3, type));
    }
  }
  // rho = 0: the skew is first order in rho·sigma (1e-7 relative in the wings at rho = -0.5), the rest second order.
  const params = { v0: 0.09, kappa: 1.5, theta: 0.09, sigma: 1e-8, rho: 0 };
  const { code, err, rows } = await price('heston', params, writeInput('flat.csv', lines));
  assert.equal(code, 0, err);
  rows.forEach((row, i) => {
    assert.ok(relativeError(row.price, expected[i]!) < 1e-9, `row ${i + 2}: ${row.price} vs ${expected[i]}`);
  });
});

test("price --model heston reproduces Lewis's reference call prices to 1e-9", async () => {
  // Lewis (2000) Heston table: S = 100, r = 0.01, q = 0.02, T = 1; discounted call prices.
  const r = 0.01;
  const forward = 100 * Math.exp((r - 0.02) * 1);
  // The published digits, kept as written (one more than a double holds).
  const reference = [[80, Number('26.774758743998854')], [100, Number('16.070154917028834')], [120, Number('9.024913483457835')]] as const;
  const lines = ['forward,strike,expiry_years,type', ...reference.map(([K]) => `${forward},${K},1,call`)];
  const params = { v0: 0.04, kappa: 4, theta: 0.25, sigma: 1, rho: -0.5 };
  const { code, err, rows } = await price('heston', params, writeInput('lewis.csv', lines));
  assert.equal(code, 0, err);
  reference.forEach(([K, discounted], i) => {
    const undiscounted = discounted * Math.exp(r * 1);
    assert.ok(relativeError(rows[i]!.price, undiscounted) < 1e-9, `K = ${K}: ${rows[i]!.price} vs ${undiscounted}`);
  });
});

test("price --model merton matches Merton's series of Black-76 prices over the number of jumps to 1e-9", async () => {
  const p = { sigma: 0.4, lambda: 1.5, nu: -0.1, delta: 0.2 };
  const T = 0.75;
  const k = Math.exp(p.nu + 0.5 * p.delta * p.delta) - 1;
  const series = (K: number, type: 'call' | 'put'): number => {
    let sum = 0;
    let weight = Math.exp(-p.lambda * T);
    for (let n = 0; n < 80; n++) {
      const Fn = 100 * Math.exp(-p.lambda * k * T + n * (p.nu + 0.5 * p.delta * p.delta));
      sum += weight * black76Price(Fn, K, T, Math.sqrt(p.sigma * p.sigma + (n * p.delta * p.delta) / T), type);
      weight *= (p.lambda * T) / (n + 1);
    }
    return sum;
  };
  const strikes = [60, 85, 100, 120, 160];
  const lines = ['forward,strike,expiry_years,type', ...strikes.map((K) => `100,${K},${T},${K < 100 ? 'put' : 'call'}`)];
  const { code, err, rows } = await price('merton', p, writeInput('merton.csv', lines));
  assert.equal(code, 0, err);
  strikes.forEach((K, i) => {
    const expected = series(K, K < 100 ? 'put' : 'call');
    assert.ok(relativeError(rows[i]!.price, expected) < 1e-9, `K = ${K}: ${rows[i]!.price} vs ${expected}`);
  });
});

test('price --model kou without jumps and bates without jumps reduce to Black-76 and Heston', async () => {
  const lines = ['forward,strike,expiry_years,type', '100,80,0.5,put', '100,100,0.5,call', '100,130,0.5,call'];
  const input = writeInput('reduce.csv', lines);
  const kou = await price('kou', { sigma: 0.5, lambda: 0, p: 0.4, eta1: 10, eta2: 5 }, input);
  kou.rows.forEach((row, i) => {
    const [F, K, T, type] = lines[i + 1]!.split(',');
    const expected = black76Price(Number(F), Number(K), Number(T), 0.5, type as 'call' | 'put');
    assert.ok(relativeError(row.price, expected) < 1e-9, `kou row ${i + 2}: ${row.price} vs ${expected}`);
  });
  const heston = await price('heston', hestonParams, input);
  const bates = await price('bates', { ...hestonParams, lambda: 0, nu: -0.2, delta: 0.3 }, input);
  bates.rows.forEach((row, i) => {
    assert.ok(relativeError(row.price, heston.rows[i]!.price) < 1e-9, `bates row ${i + 2}`);
  });
});

test('printed prices satisfy put–call parity C − P = F − K for every model', async () => {
  const lines = ['forward,strike,expiry_years,type'];
  for (const K of [50, 90, 100, 115, 200]) lines.push(`100,${K},0.4,call`, `100,${K},0.4,put`);
  const input = writeInput('parity.csv', lines);
  const models: readonly [string, object][] = [
    ['heston', hestonParams],
    ['bates', { ...hestonParams, lambda: 0.5, nu: -0.15, delta: 0.25 }],
    ['merton', { sigma: 0.3, lambda: 0.8, nu: -0.1, delta: 0.2 }],
    ['kou', { sigma: 0.3, lambda: 1, p: 0.35, eta1: 12, eta2: 6 }],
    ['vg', { sigma: 0.35, nu: 0.2, theta: -0.15 }],
    ['black76', { sigma: 0.55 }],
  ];
  for (const [model, params] of models) {
    const { code, err, rows } = await price(model, params, input);
    assert.equal(code, 0, `${model}: ${err}`);
    for (let i = 0; i < rows.length; i += 2) {
      const K = Number(rows[i]!.fields[1]);
      const parity = rows[i]!.price - rows[i + 1]!.price;
      assert.ok(Math.abs(parity - (100 - K)) <= 1e-12 * 100, `${model} K = ${K}: C − P = ${parity}`);
    }
  }
});

test('price rejects a bad --params with exit 2, naming the field and value or the expected fields', async () => {
  const input = writeInput('one.csv', ['forward,strike,expiry_years,type', '100,100,1,call']);
  const cases: readonly [string, string, RegExp][] = [
    ['heston', '{"v0":0.04,"kappa":2,"theta":0.04,"sigma":0.5,"rho":-0.7,"mu":1}', /unknown field mu; expected heston fields v0, kappa, theta, sigma, rho/],
    ['heston', '{"v0":0.04,"kappa":2,"theta":0.04}', /missing fields sigma, rho; expected heston fields v0, kappa, theta, sigma, rho/],
    ['heston', '{"v0":0.04,"kappa":2,"theta":0.04,"sigma":0.5,"rho":-1.5}', /--params: heston: rho must be finite and in \[-1, 1\], got -1\.5/],
    ['kou', '{"sigma":0.3,"lambda":1,"p":0.5,"eta1":0.5,"eta2":3}', /kou: eta1 must be .*got 0\.5/],
    ['black76', '{"sigma":-0.2}', /black76: sigma must be finite and ≥ 0, got -0\.2/],
    ['black76', '{"sigma":"0.2"}', /sigma must be a number, got "0\.2"/],
    ['vg', '{"sigma":0.2,', /--params is not valid JSON .*expected vg fields sigma, nu, theta/],
    ['vg', '[0.2, 0.1, 0]', /--params must be a JSON object, got \[0\.2,0\.1,0\]/],
    ['sabr', '{}', /--model must be one of heston, bates, merton, kou, vg, black76, got 'sabr'/],
  ];
  for (const [model, params, message] of cases) {
    const io = bufferIo();
    assert.equal(await runCommand(['price', '--model', model, '--params', params, '--input', input], io), 2, params);
    assert.match(io.err(), message);
    assert.equal(io.out(), '');
  }
});

test('price rejects a --tolerance outside (0, 1) and a missing --params with exit 2', async () => {
  const input = writeInput('tol.csv', ['forward,strike,expiry_years,type', '100,100,1,call']);
  const io = bufferIo();
  assert.equal(await runCommand(['price', '--model', 'black76', '--params', '{"sigma":0.2}', '--input', input, '--tolerance', 'tiny'], io), 2);
  assert.match(io.err(), /--tolerance must be a relative error in \(0, 1\), got 'tiny'/);
  const missing = bufferIo();
  assert.equal(await runCommand(['price', '--model', 'black76', '--input', input], missing), 2);
  assert.match(missing.err(), /--params and --input <file> are required/);
});

test('price reports bad rows with file, line, column and value, prices the rest and exits 1', async () => {
  const input = writeInput('bad.csv', [
    'forward,strike,expiry_years,type',
    '100,100,1,call',
    '100,abc,1,call',
    '100,-5,1,put',
    '100,100,-0.5,call',
    '100,100,NaN,put',
    '100,100,1,straddle',
    '100,100,1',
    '-100,100,1,call',
    '100,90,1,put',
  ]);
  const { code, err, rows } = await price('heston', hestonParams, input);
  assert.equal(code, 1);
  assert.match(err, /bad\.csv:3: column 'strike': not a finite number \(value 'abc'\)/);
  assert.match(err, /bad\.csv:4: column 'strike': must be ≥ 0 \(value '-5'\)/);
  assert.match(err, /bad\.csv:5: column 'expiry_years': must be ≥ 0 \(value '-0\.5'\)/);
  assert.match(err, /bad\.csv:6: column 'expiry_years': not a finite number \(value 'NaN'\)/);
  assert.match(err, /bad\.csv:7: column 'type': must be 'call' or 'put' \(value 'straddle'\)/);
  assert.match(err, /bad\.csv:8: expected 4 fields, found 3/);
  assert.match(err, /bad\.csv:9: forward must be finite and > 0, got -100/);
  assert.deepEqual(rows.map((r) => r.status), ['ok', 'invalid_row', 'invalid_row', 'invalid_row', 'invalid_row', 'invalid_row', 'invalid_row', 'invalid_input', 'ok']);
  assert.ok(rows.every((r) => (r.status === 'ok') === Number.isFinite(r.price)), 'a price exactly where the status is ok');
});

test('price --format json prints one object per line with numeric inputs, the price and the status', async () => {
  const input = writeInput('json.csv', ['forward,strike,expiry_years,type,note', '100,95,0.25,put,"a, b"', '100,x,0.25,call,c']);
  const io = bufferIo();
  assert.equal(await runCommand(['price', '--model', 'black76', '--params', '{"sigma":0.6}', '--input', input, '--format', 'json'], io), 1);
  const rows = io.out().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(rows[0], {
    forward: 100, strike: 95, expiry_years: 0.25, type: 'put', note: 'a, b', price: black76Price(100, 95, 0.25, 0.6, 'put'), status: 'ok',
  });
  assert.deepEqual(rows[1], { forward: 100, strike: 'x', expiry_years: 0.25, type: 'call', note: 'c', price: null, status: 'invalid_row' });
});

test('volcal help lists the price command', async () => {
  const io = bufferIo();
  assert.equal(await runCommand(['help'], io), 0);
  assert.match(io.out(), /price --model M --params JSON --input <file\.csv>/);
});
