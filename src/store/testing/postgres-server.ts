/**
 * A throwaway PostgreSQL server for the tests: Debian's binaries (apt-get install postgresql), a cluster in
 * a temporary directory, listening on a free port of 127.0.0.1 and a socket in that directory, trust
 * authentication, superuser `postgres`. PostgreSQL refuses to run as root, so as root the commands run as
 * the `postgres` user (runuser), which owns the directory. `stop()` shuts the server down at once
 * (immediate mode: nothing in it is worth a checkpoint) and removes the directory.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const POSTGRES_ROOT = '/usr/lib/postgresql';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly pgCtl: string;
}

export interface PostgresServer {
  /** The URL of the database created at start. */
  readonly url: string;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The newest installed version's initdb and pg_ctl, or null when none is installed. */
export function findPostgresBinaries(root = POSTGRES_ROOT): PostgresBinaries | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    const initdb = join(bin, 'initdb');
    const pgCtl = join(bin, 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl)) return { initdb, pgCtl };
  }
  return null;
}

export async function startPostgresServer(binaries: PostgresBinaries): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'volcal-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (file: string, args: readonly string[]): Promise<string> =>
    asRoot ? exec('runuser', ['-u', 'postgres', '--', file, ...args], dir) : exec(file, args, dir);
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  const stopArgs = ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30'];
  let started = false;
  // If the test process ends without calling stop() (an uncaught error), the server must not outlive it.
  const stopOnExit = (): void => {
    try {
      if (started) execFileSync(asRoot ? 'runuser' : binaries.pgCtl, asRoot ? ['-u', 'postgres', '--', binaries.pgCtl, ...stopArgs] : stopArgs, { cwd: dir, stdio: 'ignore' });
    } catch {
      // Already stopped; nothing more can be done while exiting.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', stopOnExit);
    try {
      if (started) await run(binaries.pgCtl, stopArgs);
    } finally {
      started = false;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    if (asRoot) chownSync(dir, postgresId('-u'), postgresId('-g'));
    await run(binaries.initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    const serverOptions = `-p ${String(port)} -k ${dir} -c listen_addresses=127.0.0.1`;
    started = true;
    await run(binaries.pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', '30', '-o', serverOptions]).catch((error: unknown) => {
      throw new Error(`pg_ctl start failed: ${String(error)}\n${tail(log)}`);
    });
    const base = `postgresql://postgres@127.0.0.1:${String(port)}`;
    await waitForConnections(`${base}/postgres`);
    const createDatabase = async (name: string): Promise<string> => {
      await withClient(`${base}/postgres`, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
      return `${base}/${name}`;
    };
    return { url: await createDatabase('volcal_test'), createDatabase, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

function postgresId(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}

function exec(file: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, timeout: 60_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function withClient<T>(url: string, body: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** pg_ctl -w has already waited for the server; this confirms that TCP connections are accepted too. */
async function waitForConnections(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await withClient(url, (client) => client.query('SELECT 1'));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-2000);
  } catch {
    return '(no server log)';
  }
}
