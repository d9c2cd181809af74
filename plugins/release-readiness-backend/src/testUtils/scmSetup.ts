/**
 * The setup the SCM tests share (rate limits, the request budget, the
 * head-commit request): repositories of sample services on a fake SCM
 * (FakeGithubServer, FakeGitlabServer: outside the machine, so faked on
 * 127.0.0.1 speaking the documented API), then either the evaluator on a real
 * database with Backstage's real UrlReaders, or a whole real backend
 * (startTestBackend with the plugin) whose sweep the test triggers.
 */
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { JsonObject } from '@backstage/types';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { Knex } from 'knex';
import { releaseReadinessPlugin } from '../plugin';
import { ScmRequestBudget } from '../service/budget';
import { EVALUATION_TASK_ID } from '../service/schedule';
import { ReadinessEvaluator } from '../service/evaluator';
import { ScmRevisionProbe, UrlRepositoryReader } from '../sources';
import { migrateReadinessStore, ReadinessStore } from '../store/ReadinessStore';
import { PermissionedCatalog } from './catalog';
import { protocolEntity } from './entities';

/** A fake SCM server as the setup needs it. */
export interface FakeScm {
  /** `integrations` config that points Backstage's readers at the fake. */
  integrations(): JsonObject;
  /** The `backstage.io/source-location` annotation of repository `fullName` (`owner/name`). */
  sourceLocation(fullName: string): string;
  /** Replaces a repository's files (a new commit). */
  setRepo(fullName: string, files: Record<string, string | Buffer>): void;
}

/** A component whose protocol sits at the root of repository `acme/<name>` on `scm`. */
export const scmEntity = (scm: FakeScm, name: string): Entity =>
  protocolEntity(name, scm.sourceLocation(`acme/${name}`));

/** A new commit in each `acme/<name>`: the document and the sample's evidence. */
export async function commitSamples(
  scm: FakeScm,
  names: string[],
  sample: Parameters<typeof sampleEvidence>[0],
): Promise<void> {
  const evidence = await sampleEvidence(sample);
  for (const name of names)
    scm.setRepo(`acme/${name}`, {
      [PROTOCOL11_DOCUMENT_FILE]: '# Protocol 11\n',
      ...evidence,
    });
}

/** Config with the fake's integration, plus `releaseReadiness` when given. */
export const scmConfigData = (
  scm: FakeScm,
  releaseReadiness?: JsonObject,
): JsonObject => ({
  integrations: scm.integrations(),
  ...(releaseReadiness ? { releaseReadiness } : {}),
});

/**
 * A migrated store on `databaseId` (or on `db`) and an evaluator reading `scm` through
 * Backstage's real UrlReaders; with `revisions` (the default) our head-commit
 * request comes first, as in the plugin.
 */
export async function scmEvaluator(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  scm: FakeScm;
  logger?: LoggerService;
  revisions?: boolean;
  budget?: (db: Knex) => Promise<ScmRequestBudget>;
  /** The database of another evaluator (a second replica); default a new one. */
  db?: Knex;
}): Promise<{
  db: Knex;
  store: ReadinessStore;
  config: ConfigReader;
  evaluator: ReadinessEvaluator;
  budget?: ScmRequestBudget;
}> {
  const db = options.db ?? (await options.databases.init(options.databaseId));
  await migrateReadinessStore(db);
  const store = new ReadinessStore(db);
  const config = new ConfigReader(scmConfigData(options.scm));
  const budget = await options.budget?.(db);
  const evaluator = new ReadinessEvaluator({
    store,
    reader: new UrlRepositoryReader(
      UrlReaders.default({ config, logger: mockServices.logger.mock() }),
      {
        integrations: ScmIntegrations.fromConfig(config),
        ...(options.revisions === false
          ? {}
          : { revisions: ScmRevisionProbe.fromConfig(config) }),
      },
    ),
    logger: options.logger ?? mockServices.logger.mock(),
    budget,
  });
  return { db, store, config, evaluator, budget };
}

/** A root logger that records every line as `level message` (debug left out). */
export function recordingLogger(lines: string[]) {
  const make = (): LoggerService => ({
    error: m => void lines.push(`error ${m}`),
    warn: m => void lines.push(`warn ${m}`),
    info: m => void lines.push(`info ${m}`),
    debug: () => {},
    child: () => make(),
  });
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => make(),
  });
}

/** Backstage's mock scheduler; its instance also makes the factory that installs it. */
export type TriggeredScheduler = ReturnType<typeof mockServices.scheduler> & {
  factory: typeof mockServices.scheduler.factory;
};

/**
 * A real backend (the plugin, a catalog of `entities`, the plugin's database
 * on `knex`, the fake's integration) whose scheduled tasks run only when the
 * test triggers them; every log line goes to `lines`.
 */
export async function startScmBackend(options: {
  knex: Knex;
  scm: FakeScm;
  entities: Entity[];
  lines: string[];
  releaseReadiness?: JsonObject;
}) {
  const scheduler = mockServices.scheduler() as TriggeredScheduler;
  const backend = await startTestBackend({
    features: [
      releaseReadinessPlugin,
      new PermissionedCatalog(options.entities).factory(),
      mockServices.database.factory({ knex: options.knex }),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      recordingLogger(options.lines),
      mockServices.rootConfig.factory({
        data: scmConfigData(options.scm, options.releaseReadiness),
      }),
    ],
  });
  return { backend, scheduler };
}

/**
 * What the rate-limit tests (GitHub and GitLab) share: a backend from
 * {@link startScmBackend} over sample services `names` whose first sweep
 * has passed, with `concurrency` evaluations at a time, a `rateLimitPause`
 * far longer than any test waits, and pacing out of the way (the budget has
 * its own test); plus readers of the entities' rows and of the log's
 * rate-limit and sweep lines.
 *
 * @throws Error when the first sweep leaves any entity not passed.
 */
export async function startSweptScmBackend(options: {
  knex: Knex;
  scm: FakeScm;
  names: string[];
  concurrency: number;
}) {
  const { knex, scm, names } = options;
  const lines: string[] = [];
  const started = await startScmBackend({
    knex,
    scm,
    entities: names.map(name => scmEntity(scm, name)),
    lines,
    releaseReadiness: {
      schedule: {
        concurrency: options.concurrency,
        // Far longer than any wait in a test: a pause of this length would time it out.
        rateLimitPause: { minutes: 10 },
        maxRequestsPerHour: 1_000_000,
      },
    },
  });
  const rows = () =>
    knex('release_readiness_entities')
      .whereIn(
        'entity_ref',
        names.map(n => `component:default/${n}`),
      )
      .select('entity_ref', 'overall', 'stale_reason', 'stale_since');
  const swept = {
    ...started,
    lines,
    rows,
    /** Warnings about a rate limit. */
    rateLimitLines: () =>
      lines.filter(l => l.startsWith('warn') && /rate limit/.test(l)),
    /** The sweep's summary lines, one per sweep. */
    sweepLines: () => lines.filter(l => /swept \d+ entities/.test(l)),
  };
  await started.scheduler.triggerTask(EVALUATION_TASK_ID);
  const first = await rows();
  if (first.length !== names.length || first.some(r => r.overall !== 'passed'))
    throw new Error(
      `the first sweep did not pass: ${JSON.stringify(first)}\n${lines.join('\n')}`,
    );
  return swept;
}
