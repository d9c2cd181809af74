/**
 * A refresh during an SCM's rate-limit pause does not ask the SCM, on GitHub
 * and GitLab (fakes on 127.0.0.1 speaking their documented APIs), on SQLite
 * and PostgreSQL, in a real backend (POST …/refresh): once any evaluation
 * learnt from a 429 with `Retry-After` that the host refuses requests until
 * T, a refresh answers at once with the last result, marked stale with
 * "<host> rate limit until <T>", and sends nothing; a push request recorded
 * meanwhile is served right after T; after T a refresh reads again. The pause
 * is kept in the plugin's database, so another replica leaves the host alone
 * too.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import {
  createTestDatabases,
  databaseIds,
  requirePostgresInCi,
} from '../testUtils/databases';
import {
  FakeGithubRequest,
  FakeGithubServer,
} from '../testUtils/fakeGithubServer';
import { FakeGitlabServer } from '../testUtils/fakeGitlabServer';
import {
  commitSamples,
  FakeScm,
  scmEntity,
  scmEvaluator,
  startScmBackend,
} from '../testUtils/scmSetup';

jest.setTimeout(90_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const NAME = 'payments';
const REF = `component:default/${NAME}`;
const PATH = `/api/release-readiness/entities/component/default/${NAME}`;

/** A fake SCM that can refuse requests with a 429 naming `Retry-After` in seconds. */
interface LimitingScm {
  server: FakeScm & {
    start(): Promise<void>;
    stop(): Promise<void>;
    readonly log: FakeGithubRequest[];
  };
  /** The host of the entity URLs. */
  host(): string;
  /** Refuses every request for `seconds`, saying so; resolves when it ends (epoch ms). */
  limit(seconds: number): number;
}

const SCMS: Record<string, () => LimitingScm> = {
  GitHub: () => {
    const server = new FakeGithubServer();
    return {
      server,
      host: () => 'github.com',
      limit: seconds => {
        const until = Date.now() + seconds * 1000;
        server.limit = {
          kind: 'secondary',
          retryAfterSeconds: seconds,
          until,
        };
        return until;
      },
    };
  },
  GitLab: () => {
    const server = new FakeGitlabServer();
    return {
      server,
      host: () => server.host,
      limit: seconds => {
        const until = Date.now() + seconds * 1000;
        server.limit = { until, retryAfterSeconds: seconds };
        return until;
      },
    };
  },
};

/** The time a stale reason `<host> rate limit until <ISO time>` names, in epoch ms. */
function pausedUntil(reason: string | undefined, host: string): number {
  const match = new RegExp(
    `^${host.replace(/[.]/g, '\\.')} rate limit until (\\S+?)(?: \\(|$)`,
  ).exec(reason ?? '');
  if (!match) throw new Error(`not a pause: ${reason}`);
  return Date.parse(match[1]);
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, Math.max(0, ms)));

describe.each(databaseIds(databases))('SCM pauses on %s', databaseId => {
  describe.each(Object.keys(SCMS))('%s', scmName => {
    let scm: LimitingScm;
    let knex: Knex;
    let server: Parameters<typeof request>[0];
    let stopBackend: () => Promise<void>;

    const refresh = async () => {
      const res = await request(server)
        .post(`${PATH}/refresh`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body as {
        readiness?: { overall: string };
        stale?: { reason: string };
      };
    };

    beforeEach(async () => {
      scm = SCMS[scmName]();
      await scm.server.start();
      await commitSamples(scm.server, [NAME], 'all-passed');
      knex = await databases.init(databaseId);
      const started = await startScmBackend({
        knex,
        scm: scm.server,
        entities: [scmEntity(scm.server, NAME)],
        lines: [],
        releaseReadiness: { schedule: { maxRequestsPerHour: 1_000_000 } },
      });
      server = started.backend.server;
      stopBackend = () => started.backend.stop();
      const first = await refresh();
      if (first.readiness?.overall !== 'passed' || first.stale)
        throw new Error(
          `the first refresh did not pass: ${JSON.stringify(first)}`,
        );
      await commitSamples(scm.server, [NAME], 'deployment-failed');
    });

    afterEach(async () => {
      await stopBackend();
      await scm.server.stop();
    });

    it('after a 429 with Retry-After: 600, a refresh sends no request and answers the last result, stale with the reason', async () => {
      const until = scm.limit(600);
      const learnt = await refresh();
      expect(learnt.readiness?.overall).toBe('passed'); // the last result, kept
      expect(learnt.stale?.reason).toMatch(/rate limit/);
      const asked = scm.server.log.length;

      const paused = await refresh();
      expect(scm.server.log.length).toBe(asked);
      expect(paused.readiness?.overall).toBe('passed');
      const named = pausedUntil(paused.stale?.reason, scm.host());
      // The time the SCM named (the 429's Retry-After counted from its answer).
      expect(named).toBeGreaterThanOrEqual(until - 1000);
      expect(named).toBeLessThanOrEqual(until + 5000);
      expect(paused.stale?.reason).toBe(
        `${scm.host()} rate limit until ${new Date(named).toISOString()}`,
      );
    });

    it('after a short pause, a refresh reads again, and a push request made during it is served right after it', async () => {
      scm.limit(2);
      const learnt = await refresh();
      const until = pausedUntil(learnt.stale?.reason, scm.host());
      const asked = scm.server.log.length;
      // A push recorded during the pause (as the push-event subscriber records it) ...
      await knex('release_readiness_entities')
        .where('entity_ref', REF)
        .update({ requested_at: Date.now() });
      const paused = await refresh();
      expect(paused.stale?.reason).toBe(
        `${scm.host()} rate limit until ${new Date(until).toISOString()}`,
      );
      expect(scm.server.log.length).toBe(asked);
      // ... is kept for the end of the pause ...
      const row = await knex('release_readiness_entities')
        .where('entity_ref', REF)
        .first();
      expect(Number(row.requested_at)).toBeGreaterThanOrEqual(until);
      await sleep(until - Date.now());
      // ... and served after it, without a refresh: the new commit is read.
      for (let i = 0; ; i++) {
        const now = await knex('release_readiness_entities')
          .where('entity_ref', REF)
          .first();
        if (now.overall === 'failed' && !now.stale_reason) break;
        if (i > 200) throw new Error(`never served: ${JSON.stringify(now)}`);
        await sleep(50);
      }
      const during = scm.server.log.slice(asked);
      expect(during.length).toBeGreaterThan(0);
      for (const r of during) expect(r.at).toBeGreaterThanOrEqual(until);
      // A refresh now asks the SCM again and answers fresh.
      const after = scm.server.log.length;
      const fresh = await refresh();
      expect(scm.server.log.length).toBeGreaterThan(after);
      expect(fresh.stale).toBeUndefined();
      expect(fresh.readiness?.overall).toBe('failed');
    });

    it('keeps the pause in the database: another replica sends no request either', async () => {
      scm.limit(600);
      await refresh();
      const asked = scm.server.log.length;
      const replica = await scmEvaluator({
        databases,
        databaseId,
        scm: scm.server,
        db: knex,
      });
      const row = await replica.evaluator.evaluate(
        scmEntity(scm.server, NAME),
        {
          wait: true,
          notBefore: Date.now(),
        },
      );
      expect(scm.server.log.length).toBe(asked);
      expect(row?.overall).toBe('passed');
      expect(row?.stale?.reason).toMatch(
        new RegExp(`^${scm.host().replace(/[.]/g, '\\.')} rate limit until `),
      );
    });
  });
});
