/**
 * The sweep on GitLab, in a real backend (startTestBackend, the plugin,
 * Backstage's real GitLab UrlReader) against a fake GitLab on 127.0.0.1 that
 * speaks the REST API v4 as docs.gitlab.com documents it, on SQLite and
 * PostgreSQL: our head-commit request (`/repository/commits/:ref`) comes
 * first, so an unchanged project is not read again (no file, no archive), and
 * a 429 with `Retry-After` makes the sweep wait exactly that long (not the
 * configured `rateLimitPause`), with the entities keeping their last result
 * marked stale with the reason, and one log line.
 */
import { Knex } from 'knex';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import { FakeGitlabServer } from '../testUtils/fakeGitlabServer';
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
  'GitLab rate limits on %s',
  databaseId => {
    let gitlab: FakeGitlabServer;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startSweptScmBackend>>;
    let scheduler: TriggeredScheduler;
    const rows = () => backend.rows();
    const rateLimitLines = () => backend.rateLimitLines();
    const sweepLines = () => backend.sweepLines();

    beforeEach(async () => {
      gitlab = new FakeGitlabServer();
      await gitlab.start();
      await commitSamples(gitlab, NAMES, 'all-passed');
      knex = await databases.init(databaseId);
      backend = await startSweptScmBackend({
        knex,
        scm: gitlab,
        names: NAMES,
        concurrency: CONCURRENCY,
      });
      scheduler = backend.scheduler;
    });

    afterEach(async () => {
      await backend.backend.stop();
      await gitlab.stop();
    });

    it('sweeps unchanged projects with one head-commit request each, reading no file and no archive', async () => {
      const logged = gitlab.log.length;
      const archives = gitlab.archives;
      await scheduler.triggerTask(EVALUATION_TASK_ID);
      const paths = gitlab.log.slice(logged).map(r => r.path);
      expect(paths.sort()).toEqual(
        NAMES.map(
          n => `/api/v4/projects/acme%2F${n}/repository/commits/main`,
        ).sort(),
      );
      expect(gitlab.archives).toBe(archives);
      expect(sweepLines()).toHaveLength(2);
    });

    it('reads a project again after a new commit', async () => {
      await commitSamples(gitlab, NAMES, 'deployment-failed');
      const archives = gitlab.archives;
      await scheduler.triggerTask(EVALUATION_TASK_ID);
      expect(gitlab.archives - archives).toBe(NAMES.length);
      expect((await rows()).every(r => r.overall === 'failed')).toBe(true);
    });

    it('waits exactly as long as a 429 Retry-After says, keeping stale results, and says so once', async () => {
      await commitSamples(gitlab, NAMES, 'deployment-failed');
      const until = Date.now() + 2000;
      gitlab.limit = { until, retryAfterSeconds: 2 };
      const logged = gitlab.log.length;
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
      for (const row of await rows()) {
        expect(row.overall).toBe('passed'); // the last result, kept
        expect(row.stale_reason).toMatch(/rate limit/);
      }
      await sweep;
      const during = gitlab.log.slice(logged);
      const refused = during.filter(r => r.limited);
      const served = during.filter(r => !r.limited);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.length).toBeLessThanOrEqual(CONCURRENCY);
      // Every refused request was the head-commit request: no read went out before it.
      expect(
        refused.every(r => /\/repository\/commits\/main$/.test(r.path)),
      ).toBe(true);
      expect(served.length).toBeGreaterThan(0);
      for (const request of served)
        expect(request.at).toBeGreaterThanOrEqual(until);
      expect(rateLimitLines()).toHaveLength(1);
      expect(rateLimitLines()[0]).toMatch(
        /GitLab answered 429 .*Retry-After: 2\b.*pauses 2 s .*as the SCM said/,
      );
      expect(sweepLines().at(-1)).toMatch(/, 1 rate-limit pauses/);
      for (const row of await rows()) {
        expect(row.stale_reason).toBeNull();
        expect(row.overall).toBe('failed');
      }
    });
  },
);
