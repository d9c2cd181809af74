/**
 * Two real backends on one PostgreSQL database: this test process runs one
 * (replica A), a child process the other (replica B). A signed GitHub push
 * posted to A is evaluated once, by whichever replica serves the request first,
 * and both serve the new result; a replica killed with SIGKILL in the middle
 * of an evaluation leaves it to the other, which takes its lease over and
 * finishes it. GitHub's files come from a folder both processes read.
 */
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { sign } from '@octokit/webhooks-methods';
import { ChildProcess, spawn } from 'child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { Knex } from 'knex';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import request from 'supertest';
import {
  createTestDatabases,
  requirePostgresInCi,
} from './testUtils/databases';
import {
  REPLICA_WEBHOOK_SECRET,
  replicaFeatures,
} from './testUtils/replicaFeatures';

jest.setTimeout(120_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);
const postgres = databases
  .eachSupportedId()
  .map(([id]) => id)
  .filter(id => id.startsWith('POSTGRES'));

/** A serves requests only after 4 s of quiet, B after 0.2 s: B is the first to take a push's request. */
const A_DEBOUNCE_MS = 4000;
const B_DEBOUNCE_MS = 200;
const ENTITY_PATH =
  '/api/release-readiness/entities/component/default/payments';

function pushBody(paths: string[]) {
  return {
    ref: 'refs/heads/main',
    before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
    created: false,
    deleted: false,
    forced: false,
    commits: [
      {
        id: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
        message: 'Release evidence',
        timestamp: '2026-12-04T10:00:00Z',
        added: [],
        removed: [],
        modified: paths,
      },
    ],
    repository: {
      name: 'payments',
      full_name: 'acme/payments',
      html_url: 'https://github.com/acme/payments',
      default_branch: 'main',
    },
  };
}

/** The URL of the test database `knex` is connected to (the server's URL from Backstage's variable). */
function databaseUrl(databaseId: string, knex: Knex): string {
  const server =
    process.env[
      `BACKSTAGE_TEST_DATABASE_${databaseId.replace('_', '')}_CONNECTION_STRING`
    ];
  const url = new URL(server!);
  url.pathname = `/${knex.client.config.connection.database}`;
  return url.toString();
}

describe.each(postgres)('two backends on %s', databaseId => {
  let knex: Knex;
  let folder: string;
  let a: Awaited<ReturnType<typeof startTestBackend>>;
  let b: ChildProcess | undefined;
  let bExited: Promise<unknown>;
  let bPort = 0;
  const holdFile = () => join(folder, '.hold');

  const statusOn = async (target: Parameters<typeof request>[0]) => {
    const res = await request(target)
      .get(ENTITY_PATH)
      .set('Authorization', mockCredentials.user.header());
    return {
      gates: res.body.readiness?.gates.map(
        (g: { status: string }) => g.status,
      ) as string[] | undefined,
      evaluatedAt: res.body.evaluatedAt as string | undefined,
    };
  };
  const onA = () => statusOn(a.server);
  const onB = () => statusOn(`http://127.0.0.1:${bPort}`);
  /** The pids of the processes that called readTree, one per read. */
  const reads = () =>
    readFileSync(join(folder, '.reads'), 'utf8').split('\n').filter(Boolean);
  async function until(check: () => Promise<boolean> | boolean, ms = 30_000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error('condition not reached');
  }
  async function writeEvidence(sample: string) {
    const evidence = await sampleEvidence(sample as 'all-passed');
    rmSync(join(folder, '.artifacts'), { recursive: true, force: true });
    for (const [path, content] of Object.entries(evidence)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), content);
    }
    const sha = Number(readFileSync(join(folder, '.sha'), 'utf8')) + 1;
    writeFileSync(join(folder, '.sha'), String(sha));
  }
  async function push() {
    const text = JSON.stringify(
      pushBody(['.artifacts/deployment/deployment-report.json']),
    );
    return request(a.server)
      .post('/api/events/http/github')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'push')
      .set('X-GitHub-Delivery', `delivery-${Date.now()}`)
      .set('X-Hub-Signature-256', await sign(REPLICA_WEBHOOK_SECRET, text))
      .send(text);
  }

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'release-readiness-replicas-'));
    writeFileSync(join(folder, '.sha'), '1');
    writeFileSync(join(folder, '.reads'), '');
    writeFileSync(join(folder, PROTOCOL11_DOCUMENT_FILE), '# Protocol 11\n');
    await writeEvidence('all-passed');
    knex = await databases.init(databaseId);
    a = await startTestBackend({
      features: replicaFeatures({ knex, folder, debounceMs: A_DEBOUNCE_MS }),
    });
    // node itself runs the replica (tsx as a loader, not its CLI's extra process), so SIGKILL hits the backend.
    b = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'testUtils/replicaMain.ts')],
      {
        cwd: __dirname,
        env: {
          ...process.env,
          REPLICA_DB: databaseUrl(databaseId, knex),
          REPLICA_FOLDER: folder,
          REPLICA_DEBOUNCE_MS: String(B_DEBOUNCE_MS),
          REPLICA_HOLD_FILE: holdFile(),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const child = b;
    bExited = new Promise(resolve => child.once('exit', resolve));
    bPort = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', chunk => {
        out += chunk;
        const ready = /READY (\d+)/.exec(out);
        if (ready) resolve(Number(ready[1]));
      });
      child.once('exit', code => reject(new Error(`replica B exited ${code}`)));
    });
    await until(async () => (await onA()).gates?.[2] === 'passed');
    await until(async () => (await onB()).gates?.[2] === 'passed');
  });

  afterAll(async () => {
    if (b && b.exitCode === null && b.signalCode === null) {
      b.kill('SIGTERM');
      await bExited;
    }
    await a?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('evaluates a push once, and both backends serve the new result', async () => {
    await writeEvidence('deployment-failed');
    const before = reads().length;
    expect((await push()).status).toBe(202);
    await until(async () => (await onA()).gates?.[1] === 'failed');
    await until(async () => (await onB()).gates?.[1] === 'failed');
    expect(await onB()).toEqual(await onA());
    // Past A's debounce and one more poll of both workers: no second evaluation.
    await new Promise(resolve => setTimeout(resolve, A_DEBOUNCE_MS + 2500));
    expect(reads().length - before).toBe(1);
  });

  it('finishes on the other backend an evaluation whose backend was killed', async () => {
    const bPid = b!.pid!;
    writeFileSync(holdFile(), '');
    await writeEvidence('all-passed');
    const before = reads().length;
    const pushedAt = Date.now();
    expect((await push()).status).toBe(202);
    // B takes the request first and is stopped inside its read of the evidence.
    await until(() => existsSync(`${holdFile()}.${bPid}`));
    b!.kill('SIGKILL');
    await bExited;
    expect(b!.signalCode).toBe('SIGKILL');
    rmSync(holdFile());
    // A takes the dead replica's lease over and finishes the evaluation.
    await until(async () => (await onA()).gates?.[2] === 'passed');
    const after = await onA();
    expect(after.gates).toEqual(['passed', 'passed', 'passed']);
    expect(Date.parse(after.evaluatedAt!)).toBeGreaterThanOrEqual(pushedAt);
    // One read by B (killed inside it), then one by A.
    expect(reads().slice(before)).toEqual([String(bPid), String(process.pid)]);
  });
});
