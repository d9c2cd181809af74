/**
 * The sweep on GitHub's rate limits, in a real backend (startTestBackend, the
 * plugin, Backstage's real GitHub UrlReader) against a fake GitHub on
 * 127.0.0.1 that answers as GitHub documents, on SQLite and PostgreSQL: the
 * sweep waits exactly as long as GitHub says (`Retry-After` in seconds or as
 * an HTTP-date, `x-ratelimit-reset` when no requests remain), no request
 * reaches GitHub before then, the entities keep their last result marked
 * stale with the reason, and the log says it once. An unchanged repository
 * costs no counted request (a 304 to the head-commit request).
 */
import { Knex } from 'knex';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { FakeGithubServer, GithubLimit } from '../testUtils/fakeGithubServer';
import {
  commitSamples,
  startSweptScmBackend,
  TriggeredScheduler,
} from '../testUtils/scmSetup';
import { EVALUATION_TASK_ID } from './schedule';

jest.setTimeout(90_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const NAMES = ['payments', 'checkout', 'ledger'];
const CONCURRENCY = 3;

describe.each(databaseIds(databases))(
  'GitHub rate limits on %s',
  databaseId => {
    let github: FakeGithubServer;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startSweptScmBackend>>;
    /** Backstage's mock scheduler; its instance also makes the factory that installs it (tasks run when triggered). */
    let scheduler: TriggeredScheduler;

    const commitAll = (sample: 'all-passed' | 'deployment-failed') =>
      commitSamples(github, NAMES, sample);
    const rows = () => backend.rows();
    const rateLimitLines = () => backend.rateLimitLines();
    const sweepLines = () => backend.sweepLines();

    beforeEach(async () => {
      github = new FakeGithubServer();
      await github.start();
      await commitAll('all-passed');
      knex = await databases.init(databaseId);
      backend = await startSweptScmBackend({
        knex,
        scm: github,
        names: NAMES,
        concurrency: CONCURRENCY,
      });
      scheduler = backend.scheduler;
    });

    afterEach(async () => {
      await backend.backend.stop();
      await github.stop();
    });

    it('sweeps unchanged repositories without a counted request (304 on the head commit)', async () => {
      const counted = github.counted;
      const free = github.conditional304;
      await scheduler.triggerTask(EVALUATION_TASK_ID);
      expect(github.counted - counted).toBe(0);
      expect(github.conditional304 - free).toBe(NAMES.length);
      expect(sweepLines()).toHaveLength(2);
    });

    it('reads a repository again after a new commit, then sweeps it for free again', async () => {
      await commitAll('all-passed'); // new commits, same files
      let counted = github.counted;
      await scheduler.triggerTask(EVALUATION_TASK_ID);
      expect(github.counted - counted).toBeGreaterThan(0);
      counted = github.counted;
      const free = github.conditional304;
      await scheduler.triggerTask(EVALUATION_TASK_ID);
      expect(github.counted - counted).toBe(0);
      expect(github.conditional304 - free).toBe(NAMES.length);
      expect((await rows()).every(r => r.overall === 'passed')).toBe(true);
    });

    /**
     * Starts a sweep while GitHub answers with `limit`; checks that the
     * entities keep their last result marked stale while the sweep waits, and
     * resolves when the sweep ends with when the limit ended (`until`).
     */
    async function sweepThrough(limit: GithubLimit, until: number) {
      await commitAll('deployment-failed');
      github.limit = limit;
      const logged = github.log.length;
      const sweep = scheduler.triggerTask(EVALUATION_TASK_ID);
      for (let i = 0; ; i++) {
        const now = await rows();
        if (now.every(r => r.stale_reason)) break;
        if (i > 400)
          throw new Error(
            `never stale: ${JSON.stringify(now)} ${backend.lines.join('\n')}`,
          );
        await new Promise(r => setTimeout(r, 25));
      }
      const stale = await rows();
      const swept = sweepLines().length;
      for (const row of stale) {
        expect(row.overall).toBe('passed'); // the last result, kept
        expect(row.stale_reason).toMatch(/rate limit/);
      }
      await sweep;
      expect(sweepLines()).toHaveLength(swept + 1);
      const during = github.log.slice(logged);
      const refused = during.filter(r => r.limited);
      const served = during.filter(r => !r.limited);
      // The refused requests are those in flight when the limit hit: one per running evaluation.
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.length).toBeLessThanOrEqual(CONCURRENCY);
      // Nothing reached GitHub again before the time it named.
      expect(served.length).toBeGreaterThan(0);
      for (const request of served)
        expect(request.at).toBeGreaterThanOrEqual(until);
      expect(refused.every(r => r.at < until)).toBe(true);
      // One pause, said once.
      expect(rateLimitLines()).toHaveLength(1);
      expect(sweepLines().at(-1)).toMatch(/, 1 rate-limit pauses/);
      for (const row of await rows()) {
        expect(row.stale_reason).toBeNull();
        expect(row.overall).toBe('failed');
      }
    }

    it('waits as long as a 429 Retry-After says, and no request reaches GitHub before then', async () => {
      const until = Date.now() + 2000;
      await sweepThrough(
        { kind: 'secondary', retryAfterSeconds: 2, until },
        until,
      );
      expect(rateLimitLines()[0]).toMatch(/429.*Retry-After: 2\b/);
      expect(rateLimitLines()[0]).toMatch(/pauses 2 s .*as the SCM said/);
    });

    it('waits until x-ratelimit-reset on a 403 with x-ratelimit-remaining: 0 (primary limit)', async () => {
      // GitHub's reset is in whole epoch seconds.
      const resetAt = Math.ceil((Date.now() + 2000) / 1000) * 1000;
      await sweepThrough({ kind: 'primary', resetAt }, resetAt);
      expect(rateLimitLines()[0]).toMatch(
        new RegExp(
          `403.*rate limit reset at ${new Date(resetAt).toISOString()}`,
        ),
      );
    });

    it('waits until the HTTP-date of a secondary limit answered 403 with Retry-After', async () => {
      const until = Math.ceil((Date.now() + 2000) / 1000) * 1000;
      await sweepThrough(
        { kind: 'secondary', status: 403, retryAfterDate: true, until },
        until,
      );
      expect(rateLimitLines()[0]).toMatch(
        new RegExp(`403.*Retry-After: ${new Date(until).toUTCString()}`),
      );
    });
  },
);
