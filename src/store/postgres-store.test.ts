/**
 * The PostgreSQL adapter against a real server started for this file (testing/postgres-server.ts), a new
 * database per test: the shared contract (history-store.contract.ts), BIGINT decoding, opening by URL, and
 * the crash test with a SIGKILLed writer. Skipped where Debian's PostgreSQL is not installed, except under CI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { historyStoreContract } from './history-store.contract.ts';
import type { ContractDatabase } from './history-store.contract.ts';
import { openHistoryStore } from './open-store.ts';
import { openPostgresStore } from './postgres-store.ts';
import { runCrashRounds } from './testing/crash-rounds.ts';
import { POSTGRES_ROOT, findPostgresBinaries, startPostgresServer } from './testing/postgres-server.ts';
import type { PostgresServer } from './testing/postgres-server.ts';

// CI installs PostgreSQL (.ci/run), so there a missing server is a failure; elsewhere the suite is skipped.
const binaries = findPostgresBinaries();
const missing = `PostgreSQL's initdb and pg_ctl are not under ${POSTGRES_ROOT}/*/bin (apt-get install postgresql)`;
const skip = binaries === null && process.env.CI === undefined ? `${missing}; the PostgreSQL store tests are skipped` : false;

async function sql<T extends Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function postgresDatabase(url: string): ContractDatabase {
  return {
    open: (options) => openPostgresStore(url, options),
    appliedVersions: async () =>
      (await sql<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version),
    recordSchemaVersion: async (version) => {
      await sql(url, 'INSERT INTO schema_migrations (version, applied_at_ms) VALUES ($1, 0)', [version]);
    },
  };
}

describe('PostgreSQL history store', { skip }, () => {
  let server: PostgresServer | null = null;
  let count = 0;
  const running = (): PostgresServer => {
    if (server === null) throw new Error('the PostgreSQL server did not start');
    return server;
  };
  before(async () => {
    if (binaries === null) throw new Error(`${missing}: CI must have them`);
    server = await startPostgresServer(binaries);
  });
  after(async () => {
    await server?.stop();
  });

  historyStoreContract('contract', async () => postgresDatabase(await running().createDatabase(`contract_${String(count++)}`)));

  it('BIGINT columns beyond JavaScript\'s safe integers are an error, not a rounded number', async (t) => {
    const url = await running().createDatabase('unsafe_bigint');
    const store = await openPostgresStore(url);
    t.after(() => store.close());
    await sql(url, `INSERT INTO calibrations (source, currency, model, variant, snapshot_ms, source_file, quotes_hash, ok, params_json,
      diagnostics_json, solver_json, state_json, volcal_version, created_at_ms)
      VALUES ('s', 'c', 'm', 'v', 9007199254740993, 'f', 'h', true, '{}', '{}', '{}', '{}', '0', 0)`);
    await assert.rejects(store.list({}), /BIGINT 9007199254740993 is outside JavaScript's safe integers/);
  });

  it('openHistoryStore opens postgres:// and postgresql:// URLs as PostgreSQL', async () => {
    const url = await running().createDatabase('by_location');
    for (const location of [url, url.replace(/^postgresql:/, 'postgres:')]) {
      const store = await openHistoryStore(location);
      try {
        assert.equal(store.kind, 'postgres');
        assert.deepEqual(await store.list({}), []);
      } finally {
        await store.close();
      }
    }
  });

  it('a writer killed at any moment leaves whole records, exactly those it reported and at most one more', async () => {
    const url = await running().createDatabase('crash');
    const moments = [{ after: 'spawn', ms: 400 }, { after: 'ready', ms: 30 }, { after: 'ready', ms: 0 }, { after: 'ready', ms: 150 }] as const;
    const committed = await runCrashRounds(url, moments, () => openPostgresStore(url));
    assert.ok(committed >= 5, `the writer committed only ${String(committed)} records: the test would prove little`);
  });
});
