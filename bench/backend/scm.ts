/*
 * SCM bench (npm run bench, or: npx tsx bench/backend/scm.ts), loopback only:
 *
 * 1. GitHub requests per hour for 10,000 GitHub-hosted entities, 2% changing a
 *    day, under the default configuration (daily sweep, push events): per-entity
 *    costs counted by a fake GitHub on 127.0.0.1 behind Backstage's real GitHub
 *    UrlReader (a 304 to a conditional request is free, as on GitHub), then
 *    scaled; and the peak in any hour of the day's sweep under the default
 *    request budget (maxRequestsPerHour), on a virtual clock (pacing.ts) with
 *    those measured costs, next to the same sweep without the budget.
 * 2. Memory: 20 concurrent on-demand refreshes (through the instance's one
 *    bounded queue) of entities whose documents are 300 MB: RSS growth.
 * 3. Crash-refresh (needs BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING):
 *    a backend in a child process is killed with SIGKILL in the middle of an
 *    evaluation; a new backend starts on the same PostgreSQL database and a
 *    POST …/refresh is timed until it answers with a fresh result.
 * The last line is a JSON object with every figure.
 */
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import {
  PROTOCOL11_DOCUMENT_FILE,
  PROTOCOL11_FORM_FILE,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, resolve } from 'path';
import { ReadinessEvaluator } from '../../plugins/release-readiness-backend/src/service/evaluator';
import { EvaluationQueue } from '../../plugins/release-readiness-backend/src/service/queue';
import { evaluateAll } from '../../plugins/release-readiness-backend/src/service/schedule';
import {
  ScmRevisionProbe,
  UrlRepositoryReader,
} from '../../plugins/release-readiness-backend/src/sources';
import { simulatePacing } from './pacing';
import { ReadinessStore } from '../../plugins/release-readiness-backend/src/store/ReadinessStore';
import { FakeGithubServer } from '../../plugins/release-readiness-backend/src/testUtils/fakeGithubServer';
import {
  scmConfigData,
  scmEntity,
} from '../../plugins/release-readiness-backend/src/testUtils/scmSetup';
import { readReleaseReadinessConfig } from '../../plugins/release-readiness-backend/src/service/config';
import { mockCredentialsFree } from './credentials';
import { benchCatalog, logger, round, sqliteKnex } from './fixtures';
import { benchCrashRefresh } from './crashRefresh';

const SAMPLE = resolve(__dirname, '../../examples/services/payments-api');
const results: Record<string, unknown> = {};
const say = (line: string) => process.stdout.write(`${line}\n`);

async function setup(github: FakeGithubServer) {
  const config = new ConfigReader(scmConfigData(github));
  const db = await sqliteKnex();
  const store = new ReadinessStore(db);
  const reader = new UrlRepositoryReader(
    UrlReaders.default({ config, logger }),
    { revisions: ScmRevisionProbe.fromConfig(config) },
  );
  return { db, store, reader };
}

/** The sweep's period in hours, from the schedule's `frequency` (a HumanDuration by default). */
function sweepHours(frequency: unknown): number {
  const d = frequency as { days?: number; hours?: number; minutes?: number };
  const hours = (d.days ?? 0) * 24 + (d.hours ?? 0) + (d.minutes ?? 0) / 60;
  if (!hours)
    throw new Error(`unexpected sweep frequency ${JSON.stringify(frequency)}`);
  return hours;
}

/** Every file of a folder, by path relative to it. */
function filesOf(dir: string, base = dir): Record<string, Buffer> {
  return Object.assign(
    {},
    ...readdirSync(dir).map(name => {
      const path = join(dir, name);
      return statSync(path).isDirectory()
        ? filesOf(path, base)
        : { [relative(base, path)]: readFileSync(path) };
    }),
  );
}

/** A repository as the template leaves it: the sample payments-api (document, form, evidence); `withForm: false` drops the form. */
async function benchRequests(withForm: boolean) {
  const N = 100;
  const github = new FakeGithubServer();
  await github.start();
  const repoFiles = filesOf(SAMPLE);
  if (!withForm) delete repoFiles[PROTOCOL11_FORM_FILE];
  const names = Array.from(
    { length: N },
    (_, i) => `svc-${String(i).padStart(4, '0')}`,
  );
  for (const name of names) github.setRepo(`acme/${name}`, repoFiles);
  const { db, store, reader } = await setup(github);
  const defaults = readReleaseReadinessConfig(new ConfigReader({}));
  const evaluator = new ReadinessEvaluator({ store, reader, logger });
  const entities = names.map(name => scmEntity(github, name));
  const sweep = () =>
    evaluateAll({
      catalog: benchCatalog(entities, () => undefined),
      auth: mockCredentialsFree,
      store,
      evaluator,
      logger,
      concurrency: defaults.concurrency,
    });
  try {
    const counted = () => github.counted;
    let before = counted();
    await sweep(); // first evaluation of every entity
    const firstPerEntity = (counted() - before) / N;
    before = counted();
    const free0 = github.conditional304;
    const t0 = Date.now();
    await sweep();
    const sweepPerEntity = (counted() - before) / N;
    const sweepFreePerEntity = (github.conditional304 - free0) / N;
    const sweepMsPerEntity = (Date.now() - t0) / N;
    // A push: one repository gets a new commit with changed evidence, and its entity is evaluated once.
    const failed = await sampleEvidence('deployment-failed');
    before = counted();
    for (const name of names.slice(0, 10)) {
      github.setRepo(`acme/${name}`, { ...repoFiles, ...failed });
      await evaluator.evaluate(scmEntity(github, name), {
        wait: true,
        result: false,
      });
    }
    const pushPerEvaluation = (counted() - before) / 10;
    const ENTITIES = 10_000;
    // The day's sweep on a virtual clock, under the default budget and without one.
    const scenario = {
      entities: ENTITIES,
      changed: ENTITIES * 0.02,
      unchangedCost: sweepPerEntity,
      changedCost: pushPerEvaluation,
      concurrency: defaults.concurrency,
      requestMs: 100,
      // The sweep's default timeout (23 hours: the budget paces it over the day).
      timeoutMs: sweepHours(defaults.schedule.timeout) * 3_600_000,
    };
    const paced = await simulatePacing({
      ...scenario,
      maxRequestsPerHour: defaults.maxRequestsPerHour,
    });
    const unpaced = await simulatePacing(scenario);
    // A new installation: every repository read for the first time.
    const cold = {
      ...scenario,
      changed: ENTITIES,
      changedCost: firstPerEntity,
    };
    const coldPaced = await simulatePacing({
      ...cold,
      maxRequestsPerHour: defaults.maxRequestsPerHour,
    });
    const coldUnpaced = await simulatePacing(cold);
    const changesPerDay = ENTITIES * 0.02;
    const sweepsPerDay = 24 / sweepHours(defaults.schedule.frequency);
    const perDay =
      ENTITIES * sweepPerEntity * sweepsPerDay +
      changesPerDay * pushPerEvaluation;
    const perHour = perDay / 24;
    const r = {
      sweepRequestsPerEntity: round(sweepPerEntity),
      sweepFree304PerEntity: round(sweepFreePerEntity),
      pushRequestsPerEvaluation: round(pushPerEvaluation),
      sweepFrequencyHours: sweepHours(defaults.schedule.frequency),
      requestsPerDay: Math.round(perDay),
      requestsPerHourAveraged: Math.round(perHour),
      firstReadRequestsPerEntity: round(firstPerEntity),
      maxRequestsPerHour: defaults.maxRequestsPerHour,
      sweepPeakRequestsInAnyHour: paced.peakRequestsInAnyHour,
      sweepPeakWithoutBudget: unpaced.peakRequestsInAnyHour,
      sweepHoursVirtual: paced.sweepHours,
      coldSweepPeakRequestsInAnyHour: coldPaced.peakRequestsInAnyHour,
      coldSweepPeakWithoutBudget: coldUnpaced.peakRequestsInAnyHour,
      coldSweepEntitiesWithinTimeout: coldPaced.entitiesEvaluated,
      sweepConcurrency: defaults.concurrency,
      loopbackSweepMsPerEntity: round(sweepMsPerEntity),
    };
    results[withForm ? 'scmRequests' : 'scmRequestsWithoutForm'] = r;
    say(
      `GitHub requests, 10,000 entities, 2% changing a day, default config (sweep every ${r.sweepFrequencyHours} h), repositories ${withForm ? 'with' : 'WITHOUT'} the form file: ` +
        `${r.sweepRequestsPerEntity} counted request per entity per sweep (+${r.sweepFree304PerEntity} free 304s), ` +
        `${r.pushRequestsPerEvaluation} per push evaluation → ${r.requestsPerDay}/day, ${r.requestsPerHourAveraged}/hour averaged; ` +
        `peak in any hour of the day's sweep (virtual clock, 100 ms per request): ${r.sweepPeakRequestsInAnyHour} under the default budget of ${r.maxRequestsPerHour}/hour ` +
        `(${r.sweepPeakWithoutBudget} without it), sweep ${r.sweepHoursVirtual} h; ` +
        `a first sweep (${r.firstReadRequestsPerEntity} per entity): peak ${r.coldSweepPeakRequestsInAnyHour}/hour (${r.coldSweepPeakWithoutBudget} without the budget), ${r.coldSweepEntitiesWithinTimeout} entities within the default ${round(scenario.timeoutMs / 3_600_000)} h timeout`,
    );
  } finally {
    await db.destroy();
    await github.stop();
  }
}

async function benchMemory() {
  const N = 20;
  const SIZE = 300 * 1024 * 1024;
  const github = new FakeGithubServer();
  await github.start();
  const evidence = await sampleEvidence('all-passed');
  const names = Array.from({ length: N }, (_, i) => `big-${i}`);
  for (const name of names)
    github.setRepo(`acme/${name}`, {
      [PROTOCOL11_DOCUMENT_FILE]: { size: SIZE },
      ...evidence,
    });
  const { db, store, reader } = await setup(github);
  const defaults = readReleaseReadinessConfig(new ConfigReader({}));
  const evaluator = new ReadinessEvaluator({
    store,
    reader,
    logger,
    maxFileBytes: defaults.maxFileBytes,
  });
  const queue = new EvaluationQueue(defaults.refresh);
  try {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const t0 = Date.now();
    const rows = await Promise.all(
      names.map(name =>
        queue.run(() =>
          evaluator.evaluate(scmEntity(github, name), {
            wait: true,
            notBefore: t0,
          }),
        ),
      ),
    );
    clearInterval(sampler);
    const criterion = rows[0]?.readiness?.gates
      .flatMap(g => g.criteria)
      .find(c => c.status === 'error');
    const r = {
      refreshes: N,
      documentMb: SIZE / 1024 / 1024,
      baseRssMb: Math.round(base / 1024 / 1024),
      peakRssMb: Math.round(peak / 1024 / 1024),
      growthMb: Math.round((peak - base) / 1024 / 1024),
      wallMs: Date.now() - t0,
      overall: [...new Set(rows.map(row => row?.overall))],
      criterion: criterion?.reason,
    };
    results.memory = r;
    say(
      `20 concurrent refreshes of entities with 300 MB documents: RSS ${r.baseRssMb} → ${r.peakRssMb} MB (growth ${r.growthMb} MB, goal ≤ 150) in ${r.wallMs} ms; overall ${r.overall.join(', ')}; "${r.criterion}"`,
    );
  } finally {
    await db.destroy();
    await github.stop();
  }
}

async function main() {
  say('SCM bench (fake GitHub on 127.0.0.1, Backstage GitHub UrlReader)');
  await benchRequests(true);
  await benchRequests(false);
  // BENCH_SCM_ONLY=requests: the request counts and pacing alone.
  if (process.env.BENCH_SCM_ONLY === 'requests') {
    say(JSON.stringify(results));
    return;
  }
  await benchMemory();
  const crash = await benchCrashRefresh();
  results.crashRefresh = crash;
  if (crash && 'skipped' in crash) say(`crash-refresh: ${crash.skipped}`);
  else if (crash)
    say(
      `crash-refresh after kill -9 (PostgreSQL): a new backend answered POST …/refresh in ${crash.refreshMs} ms with a fresh result (evaluated ${crash.evaluatedAfterRequest ? 'after' : 'BEFORE'} the request); backend start ${crash.startMs} ms`,
    );
  say(JSON.stringify(results));
}

main().then(
  () => process.exit(0),
  e => {
    process.stderr.write(`scm bench failed: ${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
