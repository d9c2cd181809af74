/**
 * Crash-refresh: a backend (child process, PostgreSQL) holds an entity's lease
 * inside its read of the evidence and is killed with SIGKILL; a new backend
 * starts on the same database and a POST …/refresh is timed until it answers.
 * Skipped without BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING.
 */
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import knexFactory from 'knex';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { replicaFeatures } from '../../plugins/release-readiness-backend/src/testUtils/replicaFeatures';

const REPLICA_MAIN = resolve(
  __dirname,
  '../../plugins/release-readiness-backend/src/testUtils/replicaMain.ts',
);
const ENTITY = '/api/release-readiness/entities/component/default/payments';

export async function benchCrashRefresh(): Promise<
  | { skipped: string }
  | {
      refreshMs: number;
      startMs: number;
      evaluatedAfterRequest: boolean;
      gates: string[];
    }
> {
  const variable = Object.keys(process.env).find(k =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k),
  );
  if (!variable || !process.env[variable])
    return {
      skipped:
        'skipped (set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING to a PostgreSQL server)',
    };
  const server = new URL(process.env[variable]!);
  const database = `rr_bench_crash_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: server.toString() });
  await admin.raw(`CREATE DATABASE ${database}`);
  const url = new URL(server.toString());
  url.pathname = `/${database}`;
  const folder = mkdtempSync(join(tmpdir(), 'rr-bench-crash-'));
  const hold = join(folder, '.hold');
  writeFileSync(join(folder, '.sha'), '1');
  writeFileSync(join(folder, '.reads'), '');
  writeFileSync(hold, '');
  writeFileSync(join(folder, PROTOCOL11_DOCUMENT_FILE), '# Protocol 11\n');
  for (const [path, content] of Object.entries(
    await sampleEvidence('all-passed'),
  )) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  const knex = knexFactory({ client: 'pg', connection: url.toString() });
  try {
    // The first backend: its startup sweep claims the entity and hangs inside the read.
    const child = spawn(process.execPath, ['--import', 'tsx', REPLICA_MAIN], {
      cwd: dirname(REPLICA_MAIN),
      env: {
        ...process.env,
        REPLICA_DB: url.toString(),
        REPLICA_FOLDER: folder,
        REPLICA_DEBOUNCE_MS: '200',
        REPLICA_HOLD_FILE: hold,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise(r => child.once('exit', r));
    const deadline = Date.now() + 120_000;
    while (!existsSync(`${hold}.${child.pid}`)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error('the first backend never started evaluating');
      await new Promise(r => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await exited;
    rmSync(hold);
    // A new backend on the same database; then the refresh.
    const t0 = Date.now();
    const backend = await startTestBackend({
      features: replicaFeatures({ knex, folder, debounceMs: 200 }),
    });
    const startMs = Date.now() - t0;
    try {
      const address = backend.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const requested = Date.now();
      const res = await fetch(`http://127.0.0.1:${port}${ENTITY}/refresh`, {
        method: 'POST',
        headers: { Authorization: mockCredentials.user.header() },
      });
      const refreshMs = Date.now() - requested;
      const body = (await res.json()) as {
        evaluatedAt?: string;
        readiness?: { gates: { status: string }[] };
      };
      if (!res.ok) throw new Error(`refresh answered ${res.status}`);
      return {
        refreshMs,
        startMs,
        evaluatedAfterRequest:
          Date.parse(body.evaluatedAt ?? '') >= requested - 1,
        gates: body.readiness?.gates.map(g => g.status) ?? [],
      };
    } finally {
      await backend.stop();
    }
  } finally {
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
    rmSync(folder, { recursive: true, force: true });
  }
}
