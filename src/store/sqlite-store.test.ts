/**
 * The SQLite adapter on real files in a temporary directory: the shared contract (history-store.contract.ts),
 * the WAL journal, opening by location, and the crash test — a writer process SIGKILLed in eight rounds
 * (testing/crash-rounds.ts), after which SQLite's own integrity check must also pass.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { historyStoreContract } from './history-store.contract.ts';
import type { ContractDatabase } from './history-store.contract.ts';
import { openHistoryStore } from './open-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { runCrashRounds } from './testing/crash-rounds.ts';

function withDatabase<T>(path: string, body: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(path);
  try {
    return body(db);
  } finally {
    db.close();
  }
}

function sqliteDatabase(path: string): ContractDatabase {
  return {
    open: (options) => openSqliteStore(path, options),
    appliedVersions: () =>
      Promise.resolve(withDatabase(path, (db) => db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => Number(r.version)))),
    recordSchemaVersion: (version) => {
      withDatabase(path, (db) => db.prepare('INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?, 0)').run(version));
      return Promise.resolve();
    },
  };
}

describe('SQLite history store', () => {
  let dir = '';
  let count = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'volcal-sqlite-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  historyStoreContract('contract', () => Promise.resolve(sqliteDatabase(join(dir, `contract-${String(count++)}.sqlite`))));

  it('the file is in WAL mode, which a second connection sees', async (t) => {
    const path = join(dir, 'pragmas.sqlite');
    const store = await openSqliteStore(path);
    t.after(() => store.close());
    assert.equal(withDatabase(path, (db) => db.prepare('PRAGMA journal_mode').get()?.journal_mode), 'wal');
  });

  it('openHistoryStore opens a plain path or sqlite:<path> as SQLite, creating missing directories', async () => {
    for (const location of [join(dir, 'a', 'b', 'plain.sqlite'), `sqlite:${join(dir, 'c', 'prefixed.sqlite')}`]) {
      const store = await openHistoryStore(location);
      try {
        assert.equal(store.kind, 'sqlite');
        assert.deepEqual(await store.list({}), []);
      } finally {
        await store.close();
      }
    }
  });

  it('a writer killed at any moment leaves whole records, exactly those it reported and at most one more', async () => {
    const path = join(dir, 'crash.sqlite');
    // 'spawn' moments land in start-up, opening (migrations, on the first round) or the first puts, as the
    // machine's speed has it; 'ready' moments between puts or inside one.
    const moments = [
      { after: 'spawn', ms: 300 }, { after: 'ready', ms: 0 }, { after: 'ready', ms: 35 }, { after: 'ready', ms: 7 },
      { after: 'spawn', ms: 450 }, { after: 'ready', ms: 120 }, { after: 'ready', ms: 18 }, { after: 'ready', ms: 200 },
    ] as const;
    const committed = await runCrashRounds(path, moments, () => openSqliteStore(path));
    assert.ok(committed >= 10, `the writer committed only ${String(committed)} records: the test would prove little`);
    assert.equal(withDatabase(path, (db) => db.prepare('PRAGMA integrity_check').get()?.integrity_check), 'ok');
  });
});
