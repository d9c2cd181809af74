/**
 * The SCM request budget paces the sweep, on SQLite and PostgreSQL (the
 * budget is kept in the plugin's database), through Backstage's real GitHub
 * UrlReader against a fake GitHub on 127.0.0.1: a sweep that needs more
 * requests than one period allows spreads them so that no span of one period
 * sees more than the budget at GitHub; an evaluation outside the sweep does
 * not wait for the budget but counts against it. The period is 18 s here
 * (60 windows of 300 ms) instead of an hour; the arithmetic is the same.
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
import { EVALUATION_RESERVE, ScmRequestBudget } from './budget';
import { ReadinessEvaluator } from './evaluator';
import { evaluateAll } from './schedule';

jest.setTimeout(120_000);

const databases = createTestDatabases();
requirePostgresInCi(databases);

const PERIOD_MS = 18_000;
/** 62 shares of 5: the smallest budget, 5 requests per 300 ms window. */
const BUDGET = 310;
const ENTITIES = 70; // a first read costs 5 counted requests: 350 in all, more than one period allows

describe.each(databaseIds(databases))(
  'SCM request budget on %s',
  databaseId => {
    let github: FakeGithubServer;
    let evaluator: ReadinessEvaluator;
    let budget: ScmRequestBudget;
    let store: ReadinessStore;
    const names = Array.from(
      { length: ENTITIES },
      (_, i) => `svc-${String(i).padStart(3, '0')}`,
    );

    beforeEach(async () => {
      github = new FakeGithubServer();
      await github.start();
      await commitSamples(github, names, 'all-passed');
      const setup = await scmEvaluator({
        databases,
        databaseId,
        scm: github,
        budget: knex =>
          ScmRequestBudget.create({
            maxRequests: BUDGET,
            periodMs: PERIOD_MS,
            knex,
          }),
      });
      store = setup.store;
      evaluator = setup.evaluator;
      budget = setup.budget!;
    });

    afterEach(async () => {
      await github.stop();
    });

    it('spreads a sweep so that no period sees more requests than the budget', async () => {
      expect(budget.perWindow).toBe(EVALUATION_RESERVE);
      const result = await evaluateAll({
        catalog: catalogServiceMock({
          entities: names.map(name => scmEntity(github, name)),
        }),
        auth: mockServices.auth(),
        store,
        evaluator,
        logger: mockServices.logger.mock(),
        concurrency: 5,
      });
      expect(result).toMatchObject({ entities: ENTITIES, failures: 0 });
      const counted = github.log.filter(r => r.counted).map(r => r.at);
      // More than one period's budget went out, so the pacing had to act ...
      expect(counted.length).toBeGreaterThanOrEqual(ENTITIES * 5);
      // ... and no span of one period holds more than the budget (two pointers over arrival times).
      let peak = 0;
      for (let start = 0, end = 0; start < counted.length; start++) {
        while (
          end < counted.length &&
          counted[end] < counted[start] + PERIOD_MS
        )
          end++;
        peak = Math.max(peak, end - start);
      }
      expect(peak).toBeLessThanOrEqual(BUDGET);
      expect(peak).toBeGreaterThan(BUDGET / 2);
      const rows = await Promise.all(
        names.map(n => store.get(`component:default/${n}`)),
      );
      expect(rows.every(r => r?.overall === 'passed')).toBe(true);
    });

    it('lets an evaluation outside the sweep go at once, counting its requests against the budget', async () => {
      // The sweep's share of this window is taken ...
      const held = await budget.reserve('github.com', EVALUATION_RESERVE);
      expect(held).toBeDefined();
      let next = false;
      const waiting = budget
        .reserve('github.com', EVALUATION_RESERVE)
        .then(r => {
          next = true;
          return r;
        });
      // ... yet a refresh reads at once, while the sweep's next reservation still waits.
      const before = github.counted;
      const row = await evaluator.evaluate(scmEntity(github, names[0]), {
        wait: true,
      });
      expect(row?.overall).toBe('passed');
      const spent = github.counted - before;
      expect(spent).toBe(5);
      expect(next).toBe(false);
      expect(await budget.used('github.com')).toBeGreaterThanOrEqual(
        EVALUATION_RESERVE + spent,
      );
      expect(await waiting).toBeDefined();
    });
  },
);
