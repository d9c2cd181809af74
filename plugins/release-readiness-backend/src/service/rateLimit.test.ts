/**
 * The fallback when only Backstage's UrlReader sees the refusal (a reader
 * without the head-commit request, so the answer's headers are lost), on
 * SQLite and PostgreSQL, through the real GitHub UrlReader against a fake
 * GitHub on 127.0.0.1: on a 403 with `x-ratelimit-remaining: 0` the sweep
 * pauses until the reset GitHub gives (`/rate_limit`), the entities keep their
 * last result marked stale with the reason, the log says it once, and after
 * the reset the sweep finishes with fresh results. A 429 secondary limit
 * pauses for the configured pause. (With the head-commit request the sweep
 * reads the headers themselves: scmLimits.test.ts.)
 */
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ReadinessStore } from '../store/ReadinessStore';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { FakeGithubServer } from '../testUtils/fakeGithubServer';
import { commitSamples, scmEntity, scmEvaluator } from '../testUtils/scmSetup';
import { githubRateLimitReset } from './rateLimitReset';
import { evaluateAll } from './schedule';

jest.setTimeout(60_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const NAMES = ['payments', 'checkout', 'ledger'];
describe.each(databaseIds(databases))('rate limits on %s', databaseId => {
  let store: ReadinessStore;
  let github: FakeGithubServer;
  let sweep: (rateLimitPauseMs?: number) => ReturnType<typeof evaluateAll>;
  const logger = mockServices.logger.mock();
  const rateLimitLines = () =>
    logger.warn.mock.calls.filter(([m]) => /rate limit/.test(String(m)));

  const commitAll = (sample: 'all-passed' | 'deployment-failed') =>
    commitSamples(github, NAMES, sample);

  beforeEach(async () => {
    github = new FakeGithubServer();
    await github.start();
    await commitAll('all-passed');
    // Without our head-commit request: only the UrlReader sees the refusal.
    const setup = await scmEvaluator({
      databases,
      databaseId,
      scm: github,
      logger,
      revisions: false,
    });
    store = setup.store;
    const { evaluator, config } = setup;
    const catalog = catalogServiceMock({
      entities: NAMES.map(name => scmEntity(github, name)),
    });
    sweep = rateLimitPauseMs =>
      evaluateAll({
        catalog,
        auth: mockServices.auth(),
        store,
        evaluator,
        logger,
        concurrency: 3,
        rateLimitPauseMs,
        rateLimitReset: githubRateLimitReset(config),
      });
    const first = await sweep();
    if (first.entities !== 3 || first.failures !== 0)
      throw new Error(
        `the first sweep did not evaluate: ${JSON.stringify(first)}`,
      );
    logger.warn.mockClear();
  });

  afterEach(async () => {
    await github.stop();
  });

  const gates = async (name: string) =>
    (await store.get(`component:default/${name}`))?.readiness?.gates.map(
      g => g.status,
    );

  it('pauses until the primary limit resets, keeping stale results, and says so once', async () => {
    expect(await gates('payments')).toEqual(['passed', 'passed', 'passed']);
    await commitAll('deployment-failed');
    const resetAt = Date.now() + 3000;
    github.limit = { kind: 'primary', resetAt };
    let done = false;
    const running = sweep(10 * 60_000).then(r => {
      done = true;
      return r;
    });
    // Every entity keeps its last result, marked stale with the reason.
    await waitFor(async () => {
      const rows = await Promise.all(
        NAMES.map(name => store.get(`component:default/${name}`)),
      );
      return rows.every(row => Boolean(row?.stale));
    });
    const stale = await store.get('component:default/payments');
    expect(stale?.stale?.reason).toMatch(/rate limit/);
    expect(await gates('payments')).toEqual(['passed', 'passed', 'passed']);
    expect(done).toBe(false);
    const result = await running;
    // Not before the reset GitHub named, and far sooner than the 10-minute fallback.
    expect(Date.now()).toBeGreaterThanOrEqual(resetAt);
    expect(result).toMatchObject({
      entities: 3,
      failures: 0,
      rateLimitPauses: 1,
    });
    expect(rateLimitLines()).toHaveLength(1);
    expect(String(rateLimitLines()[0][0])).toMatch(
      new RegExp(`until ${new Date(resetAt).toISOString().slice(0, 16)}`),
    );
    for (const name of NAMES) {
      const row = await store.get(`component:default/${name}`);
      expect(row?.stale).toBeUndefined();
      expect(await gates(name)).toEqual(['passed', 'failed', 'blocked']);
    }
  });

  it('pauses for the configured time on a secondary limit (429 with Retry-After)', async () => {
    await commitAll('deployment-failed');
    const start = Date.now();
    github.limit = {
      kind: 'secondary',
      retryAfterSeconds: 2,
      until: start + 1500,
    };
    const result = await sweep(2000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(2000);
    expect(result).toMatchObject({ failures: 0, rateLimitPauses: 1 });
    expect(rateLimitLines()).toHaveLength(1);
    expect(String(rateLimitLines()[0][0])).toMatch(/429/);
    expect(await gates('ledger')).toEqual(['passed', 'failed', 'blocked']);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached');
}
