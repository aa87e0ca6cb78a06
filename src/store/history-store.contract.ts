/**
 * The behaviour every HistoryStore adapter must have (history-store.ts), as one suite that each adapter's
 * test file runs against a real database: sqlite-store.test.ts on a file, postgres-store.test.ts on a
 * throwaway server. The oracles are the records themselves (what goes in comes out, bit for bit), a plain
 * JavaScript sort and filter over the same records, and the schema_migrations table read directly.
 *
 * Negative zero: JSON has no -0, so a -0 anywhere in params or a JSON field is stored, and read back, as 0.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import type { CalibrationRecord, HistoryQuery, HistoryStore, StoredCalibration } from './history-store.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import type { StoreOptions } from './store-options.ts';

/** A database the contract may open stores on, as often as it likes, and look into. */
export interface ContractDatabase {
  /** Opens a store on this database; a second call reopens it. */
  open(options?: StoreOptions): Promise<HistoryStore>;
  /** The versions recorded in schema_migrations, ascending. */
  appliedVersions(): Promise<number[]>;
  /** Records `version` in schema_migrations, as a newer volcal would have. */
  recordSchemaVersion(version: number): Promise<void>;
}

const CREATED_AT_MS = 1_767_225_600_000;
const fixedClock = (): number => CREATED_AT_MS;

export function record(overrides: Partial<CalibrationRecord> = {}): CalibrationRecord {
  return {
    source: 'deribit', currency: 'BTC', model: 'svi', variant: 'plain', snapshotMs: 1_770_000_000_000,
    sourceFile: 'deribit_options_snapshot_20260205T212937Z.csv.gz', quotesHash: 'ab'.repeat(32), ok: true,
    failureReason: null, params: { a: 0.04, b: 0.1, rho: -0.3, m: 0, sigma: 0.2 }, diagnostics: { rmse: 0.001 },
    solver: { iterations: 12, stopReason: 'gradient' }, state: {}, volcalVersion: '0.1.0', ...overrides,
  };
}

/** A stored record without what the store adds (id, createdAtMs): what was written. */
export function written(stored: StoredCalibration): CalibrationRecord {
  return Object.fromEntries(Object.entries(stored).filter(([key]) => key !== 'id' && key !== 'createdAtMs')) as CalibrationRecord;
}

export function historyStoreContract(name: string, newDatabase: () => Promise<ContractDatabase>): void {
  /** A store on a new empty database, closed when the test ends (pass or fail). */
  const freshStore = async (t: TestContext, options: StoreOptions = { clock: fixedClock }): Promise<HistoryStore> => {
    const store = await (await newDatabase()).open(options);
    t.after(() => store.close());
    return store;
  };

  describe(name, () => {
    describe('round trip', () => {
      it('put then list gives back every field exactly, doubles bit for bit', async (t) => {
        const store = await freshStore(t);
        const doubles = { sum: 0.1 + 0.2, tiny: 1e-300, subnormal: 5e-324, huge: Number.MAX_VALUE, third: 1 / 3, neg: -2.5e-17, int: 2 ** 53 - 1 };
        const original = record({
          snapshotMs: -86_400_000, sourceFile: 'ünïcødé 📈 "quoted" \\ file', quotesHash: 'f'.repeat(64), params: doubles,
          diagnostics: { rmse: 0.1 + 0.2, errors: [1e-300, -5e-324, 0.1], nested: { deep: [[1, 'x', null, true, false]] }, label: 'é😀\n\t' },
          solver: { iterations: 0, stopReason: 'converged', timeMs: 12.345678901234567 },
          state: { previous: { a: 0.1, b: [Number.MIN_VALUE, -Number.MAX_VALUE] } },
        });
        assert.equal(await store.put(original), 'inserted');
        const [stored] = await store.list({});
        assert.ok(stored !== undefined);
        assert.deepEqual(written(stored), original);
        assert.equal(JSON.stringify(stored.params), JSON.stringify(doubles), 'params keep their order');
        assert.equal(stored.createdAtMs, CREATED_AT_MS);
        assert.ok(Number.isSafeInteger(stored.id));
      });

      it('a failed calibration keeps its reason, and the largest and smallest safe snapshot times survive', async (t) => {
        const store = await freshStore(t);
        const failed = record({ ok: false, failureReason: 'fewer than 5 quotes', params: {}, snapshotMs: Number.MAX_SAFE_INTEGER });
        const early = record({ snapshotMs: Number.MIN_SAFE_INTEGER });
        await store.put(failed);
        await store.put(early);
        assert.deepEqual((await store.list({})).map(written), [early, failed]);
      });

      it('-0 is stored as 0, in params and in JSON fields (JSON has no negative zero)', async (t) => {
        const store = await freshStore(t);
        await store.put(record({ params: { m: -0 }, diagnostics: { bias: -0, list: [-0] } }));
        const [stored] = await store.list({});
        assert.ok(Object.is(stored?.params.m, 0));
        assert.ok(Object.is(stored?.diagnostics.bias, 0));
        assert.deepEqual(stored?.diagnostics.list, [0]);
      });
    });

    describe('idempotent put', () => {
      it("put of a stored key returns 'exists' and changes nothing, even with different content", async (t) => {
        let now = CREATED_AT_MS;
        const store = await freshStore(t, { clock: () => now++ });
        const first = record();
        assert.equal(await store.put(first), 'inserted');
        const before = await store.list({});
        assert.equal(await store.put(record({ params: { a: 1 }, ok: false, failureReason: 'x', sourceFile: 'other.csv' })), 'exists');
        assert.equal(await store.put(first), 'exists');
        assert.deepEqual(await store.list({}), before);
      });

      it('the key is source, currency, model, variant and snapshotMs: changing any one makes a new record', async (t) => {
        const store = await freshStore(t);
        const variants = [
          record(), record({ source: 'okx' }), record({ currency: 'ETH' }), record({ model: 'sabr' }),
          record({ variant: 'regularised' }), record({ snapshotMs: 1_770_000_000_001 }),
        ];
        for (const r of variants) assert.equal(await store.put(r), 'inserted');
        assert.equal((await store.list({})).length, variants.length);
      });
    });

    describe('queries', () => {
      const series = { source: 'deribit', currency: 'BTC', model: 'svi', variant: 'plain' };

      it('storedSnapshots is the set of snapshot times of that series only', async (t) => {
        const store = await freshStore(t);
        for (const ms of [300, 100, 200]) await store.put(record({ snapshotMs: ms }));
        await store.put(record({ snapshotMs: 150, variant: 'regularised' }));
        await store.put(record({ snapshotMs: 160, currency: 'ETH' }));
        assert.deepEqual([...(await store.storedSnapshots(series))].sort((a, b) => a - b), [100, 200, 300]);
        assert.equal((await store.storedSnapshots({ ...series, model: 'heston' })).size, 0);
      });

      it('latestBefore is the series\' latest record strictly before the time, or null', async (t) => {
        const store = await freshStore(t);
        for (const ms of [100, 300, 200]) await store.put(record({ snapshotMs: ms, params: { a: ms } }));
        await store.put(record({ snapshotMs: 250, source: 'okx' }));
        const at = async (ms: number): Promise<number | null> => (await store.latestBefore(series, ms))?.snapshotMs ?? null;
        assert.equal(await at(250), 200);
        assert.equal(await at(200), 100, 'strictly before');
        assert.equal(await at(100), null);
        assert.equal(await at(Number.MAX_SAFE_INTEGER), 300);
        const latest = await store.latestBefore(series, 1000);
        assert.deepEqual(latest === null ? null : written(latest), record({ snapshotMs: 300, params: { a: 300 } }));
      });

      const codePointOrder = (a: CalibrationRecord, b: CalibrationRecord): number => {
        if (a.snapshotMs !== b.snapshotMs) return a.snapshotMs - b.snapshotMs;
        for (const f of ['source', 'currency', 'model', 'variant'] as const) if (a[f] !== b[f]) return a[f] < b[f] ? -1 : 1;
        return 0;
      };

      /**
       * Every combination of 3 times and a few key values (72 distinct keys), put in a scrambled order. Upper and
       * lower case, digits and '_' order differently by code point ('B' < '_x' < 'a') than by a locale's collation.
       */
      const mixed = (): CalibrationRecord[] => {
        const all: CalibrationRecord[] = [];
        for (const snapshotMs of [0, 1, 2]) for (const source of ['a', 'B']) for (const currency of ['_x', 'b'])
          for (const model of ['A1', 'a']) for (const variant of ['B', 'b', '_x']) all.push(record({ snapshotMs, source, currency, model, variant }));
        return all.map((_, i) => all[(i * 29) % all.length]!);
      };

      it('list orders by snapshotMs, then source, currency, model, variant in code point order', async (t) => {
        const store = await freshStore(t);
        const records = mixed();
        for (const r of records) await store.put(r);
        assert.deepEqual((await store.list({})).map(written), [...records].sort(codePointOrder));
      });

      it('list filters by each key field and by inclusive snapshot bounds, as a plain filter would', async (t) => {
        const store = await freshStore(t);
        const records = mixed();
        for (const r of records) await store.put(r);
        const queries: HistoryQuery[] = [
          { source: 'a' }, { currency: 'b' }, { model: 'A1' }, { variant: '_x' }, { source: 'B', model: 'a', variant: 'b' },
          { fromMs: 1 }, { toMs: 1 }, { fromMs: 1, toMs: 2 }, { fromMs: 2, toMs: 2 }, { fromMs: 2, toMs: 1 },
          { source: 'a', currency: '_x', model: 'a', variant: 'B', fromMs: 0, toMs: 1 }, { source: 'nobody' }, { currency: 'A' },
        ];
        for (const q of queries) {
          const expected = records.filter((r) =>
            (q.source === undefined || r.source === q.source) && (q.currency === undefined || r.currency === q.currency) &&
            (q.model === undefined || r.model === q.model) && (q.variant === undefined || r.variant === q.variant) &&
            (q.fromMs === undefined || r.snapshotMs >= q.fromMs) && (q.toMs === undefined || r.snapshotMs <= q.toMs));
          assert.deepEqual((await store.list(q)).map(written), expected.sort(codePointOrder), JSON.stringify(q));
        }
      });
    });

    describe('validation at put', () => {
      it('a NaN or infinite parameter is rejected with an error naming it, and nothing is stored', async (t) => {
        const store = await freshStore(t);
        for (const bad of [Number.NaN, Infinity, -Infinity]) {
          await assert.rejects(store.put(record({ params: { a: 0.1, sigma: bad } })), /params\.sigma must be a finite number/);
        }
        assert.deepEqual(await store.list({}), []);
      });

      it('a non-finite number inside diagnostics, solver or state is rejected with its path', async (t) => {
        const store = await freshStore(t);
        await assert.rejects(store.put(record({ diagnostics: { rmse: Number.NaN } })), /diagnostics\.rmse must be a finite number, got NaN/);
        await assert.rejects(store.put(record({ solver: { steps: [1, 2, Infinity] } })), /solver\.steps\[2\] must be a finite number/);
        await assert.rejects(store.put(record({ state: { warm: { b: -Infinity } } })), /state\.warm\.b must be a finite number/);
        assert.deepEqual(await store.list({}), []);
      });

      it('values JSON would silently change are rejected: undefined, Date, bigint, functions, holes, cycles', async (t) => {
        const store = await freshStore(t);
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        const bad: [Record<string, unknown>, RegExp][] = [
          [{ x: undefined }, /diagnostics\.x is not JSON/], [{ at: new Date(0) }, /diagnostics\.at must be a plain object/],
          [{ n: 1n }, /diagnostics\.n is not JSON/], [{ f: Math.sin }, /diagnostics\.f is not JSON/],
          // eslint-disable-next-line no-sparse-arrays -- the hole is the point
          [{ list: [1, , 3] }, /diagnostics\.list\[1\] is not JSON/], [{ c: cycle }, /diagnostics\.c\.self is a circular reference/],
        ];
        for (const [diagnostics, message] of bad) await assert.rejects(store.put(record({ diagnostics })), message);
        assert.deepEqual(await store.list({}), []);
      });

      it('empty strings, fractional or unsafe times and an inconsistent ok/failureReason are rejected', async (t) => {
        const store = await freshStore(t);
        await assert.rejects(store.put(record({ currency: '' })), /currency must be a non-empty string/);
        await assert.rejects(store.put(record({ model: 'a\u0000b' })), /model must not contain NUL/);
        await assert.rejects(store.put(record({ snapshotMs: 1.5 })), /snapshotMs must be a safe integer/);
        await assert.rejects(store.put(record({ snapshotMs: 2 ** 53 })), /snapshotMs must be a safe integer/);
        await assert.rejects(store.put(record({ ok: true, failureReason: 'x' })), /failureReason must be null when ok/);
        await assert.rejects(store.put(record({ ok: false, failureReason: null })), /failureReason must be a non-empty string/);
        await assert.rejects(store.put(record({ sourceFile: '\uD800' })), /sourceFile must be well-formed Unicode/);
        assert.deepEqual(await store.list({}), []);
      });
    });

    describe('opening and migrations', () => {
      it('a reopened store has what the closed one stored', async (t) => {
        const db = await newDatabase();
        const first = await db.open({ clock: fixedClock });
        t.after(() => first.close());
        await first.put(record());
        const before = await first.list({});
        await first.close();
        const second = await db.open();
        t.after(() => second.close());
        assert.deepEqual(await second.list({}), before);
        assert.equal(await second.put(record()), 'exists');
      });

      it('opening applies every migration once, and reopening applies none', async (t) => {
        const db = await newDatabase();
        const all = Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1);
        for (let i = 0; i < 3; i++) {
          const store = await db.open();
          t.after(() => store.close());
          await store.close();
          assert.deepEqual(await db.appliedVersions(), all);
        }
      });

      it('two stores opening one new database at the same time both work', async (t) => {
        const db = await newDatabase();
        const [a, b] = await Promise.all([db.open(), db.open()]);
        t.after(async () => {
          await a.close();
          await b.close();
        });
        assert.deepEqual(await Promise.all([a.put(record()), b.put(record({ snapshotMs: 1 }))]), ['inserted', 'inserted']);
        assert.equal((await b.list({})).length, 2);
        assert.deepEqual(await db.appliedVersions(), Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      });

      it('a database at a newer schema version than this volcal knows is refused, naming both versions', async (t) => {
        const db = await newDatabase();
        const store = await db.open();
        t.after(() => store.close());
        await store.close();
        await db.recordSchemaVersion(SCHEMA_VERSION + 1);
        const message = `schema version ${String(SCHEMA_VERSION + 1)}, newer than this volcal knows (${String(SCHEMA_VERSION)}); upgrade volcal`;
        await assert.rejects(db.open(), (error: unknown) => error instanceof Error && error.message.includes(message));
      });
    });
  });
}
