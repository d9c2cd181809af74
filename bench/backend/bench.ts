/*
 * Release-readiness backend benchmark (bounded loops, loopback only):
 *
 *   npx tsx bench/backend/bench.ts
 *
 * 1. Compliance list query (50-row page, filtered, with total count) at 10,000 and
 *    100,000 stored entities: p50/p95 (and the page sorted by title, the Entity
 *    column's sort, beside the name sort), SQLite and (with
 *    BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) PostgreSQL.
 * 2. Full evaluation of 10,000 entities from local evidence: wall time, peak RSS.
 * 3. 50 concurrent HTTP connections on 127.0.0.1 for 30 s against GET /compliance, with a
 *    conditional policy and without, in alternating windows (see benchHttpPolicies); the
 *    load comes from autocannon in a separate process, so the figures give the server's CPU
 *    per request apart from the load generator's.
 * The last line is a JSON object with every figure.
 */
import { Knex } from 'knex';
import { benchEvaluation } from './evaluation';
import { httpServer } from './http';
import {
  closeBenchDatabase,
  percentile,
  postgresKnex,
  round,
  seed,
  sqliteKnex,
} from './fixtures';
import { ReadinessStore } from '../../plugins/release-readiness-backend/src/store/ReadinessStore';
import { StoreScope } from '../../plugins/release-readiness-backend/src/store/compliance';
import { translateCriteria } from '../../plugins/release-readiness-backend/src/service/permissionScope';
import { HALF_POLICY } from './fixtures';

const PG = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
/**
 * Which parts run (comma-separated): `queries-sqlite`, `queries-postgres`,
 * `evaluation`, `http`; default all.
 */
const PARTS = process.env.BENCH_BACKEND_PARTS?.split(',');
const part = (name: string) => !PARTS || PARTS.includes(name);
const results: Record<string, unknown> = {};
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The goals of issue #14 (requirement 2), printed next to each figure. */
const GOALS = {
  restrictedPageP95Ms: 100,
  summaryWithPolicyMs: 200,
  httpP99Ms: 500,
  httpP99RatioOnOff: 2,
};
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** The filters the timed calls cycle through (the page's usual ones). */
const FILTERS = [
  { status: ['failed' as const] },
  { owner: ['group:default/team-17'] },
  { q: 'service 42' },
];

const figures = (samples: number[]) => ({
  p50: round(percentile(samples, 50)),
  p95: round(percentile(samples, 95)),
  runs: samples.length,
});

async function timeQueries(
  store: ReadinessStore,
  scope: StoreScope,
  runs: number,
  what: 'list' | 'summary' = 'list',
  filters: Array<Record<string, unknown>> = FILTERS,
) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const filter = filters[i % filters.length];
    const start = process.hrtime.bigint();
    if (what === 'summary') await store.summary(filter, scope);
    else
      await store.list(
        filter,
        { field: 'name', order: 'asc' },
        { offset: (i % 5) * 50, limit: 50 },
        scope,
      );
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return figures(samples);
}

/**
 * The list page sorted by `title` (what the page's Entity column shows, its
 * default sort) and by `name`, alternating call by call (so load from other
 * processes falls on both), both directions, without a filter and with the
 * usual ones, everything readable.
 */
async function timeSorts(store: ReadinessStore, runs: number) {
  const fields = ['name', 'title'] as const;
  const samples = { name: [] as number[], title: [] as number[] };
  const filters = [{}, ...FILTERS];
  for (let i = 0; i < runs * 2; i++) {
    const field = fields[i % 2];
    const n = Math.floor(i / 2);
    const start = process.hrtime.bigint();
    await store.list(
      filters[n % filters.length],
      { field, order: n % 3 === 2 ? 'desc' : 'asc' },
      { offset: (n % 5) * 50, limit: 50 },
      { type: 'all' },
    );
    samples[field].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { name: figures(samples.name), title: figures(samples.title) };
}

/**
 * The list page filtered by system, alternating call by call between a full
 * ref (`system:default/sys-7`: one IN on the system column, the filter's only
 * shape before short values matched in each entity's namespace), a short
 * value (`sys-7`: an IN on system_local) and both (`sys-7` or
 * `system:default/sys-8`: the two indexed columns under OR). Each system has
 * 1 in 50 of the entities.
 */
async function timeSystems(store: ReadinessStore, runs: number) {
  const shapes = {
    full: ['system:default/sys-7'],
    short: ['system:sys-7'],
    mixed: ['system:sys-7', 'system:default/sys-8'],
  };
  const names = Object.keys(shapes) as Array<keyof typeof shapes>;
  const samples = { full: [], short: [], mixed: [] } as Record<
    keyof typeof shapes,
    number[]
  >;
  for (let i = 0; i < runs * names.length; i++) {
    const shape = names[i % names.length];
    const n = Math.floor(i / names.length);
    const start = process.hrtime.bigint();
    await store.list(
      { system: shapes[shape] },
      { field: n % 2 ? 'title' : 'name', order: 'asc' },
      { offset: (n % 5) * 50, limit: 50 },
      { type: 'all' },
    );
    samples[shape].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return {
    full: figures(samples.full),
    short: figures(samples.short),
    mixed: figures(samples.mixed),
  };
}

async function benchQueries(
  label: string,
  open: (size: number) => Promise<Knex>,
) {
  for (const size of [10_000, 100_000]) {
    const db = await open(size);
    try {
      const t0 = Date.now();
      await seed(db, size);
      const seedMs = Date.now() - t0;
      const store = new ReadinessStore(db);
      const conditions =
        HALF_POLICY.result === 'CONDITIONAL'
          ? HALF_POLICY.conditions
          : undefined;
      const restricted: StoreScope = {
        type: 'sql',
        filter: translateCriteria(conditions as any).filter,
      };
      await timeQueries(store, { type: 'all' }, 20); // warm up
      // Interleaved rounds, so load from other processes falls on both sides.
      const all = await timeQueries(store, { type: 'all' }, 100);
      const half = await timeQueries(store, restricted, 100);
      const summaryAll = await timeQueries(
        store,
        { type: 'all' },
        30,
        'summary',
      );
      const summaryHalf = await timeQueries(store, restricted, 30, 'summary');
      // The page's own summary call has no filter: the caller's whole set.
      const summaryUnfilteredAll = await timeQueries(
        store,
        { type: 'all' },
        15,
        'summary',
        [{}],
      );
      const summaryUnfilteredHalf = await timeQueries(
        store,
        restricted,
        15,
        'summary',
        [{}],
      );
      const sorts = await timeSorts(store, 100);
      const systems = await timeSystems(store, 60);
      const ratios = {
        pageP95RestrictedOverAll: round(half.p95 / all.p95),
        summaryP95RestrictedOverAll: round(summaryHalf.p95 / summaryAll.p95),
        titleSortP95OverNameSort: round(sorts.title.p95 / sorts.name.p95),
        shortSystemP95OverFullRef: round(systems.short.p95 / systems.full.p95),
        mixedSystemP95OverFullRef: round(systems.mixed.p95 / systems.full.p95),
      };
      results[`query_${label}_${size}`] = {
        all,
        readableHalf: half,
        summaryAll,
        summaryHalf,
        summaryUnfilteredAll,
        summaryUnfilteredHalf,
        sortByName: sorts.name,
        sortByTitle: sorts.title,
        systemFilter: systems,
        ratios,
        seedMs,
      };
      const goals = label === 'postgres' && size === 100_000;
      const goal = (value: number, limit: number) =>
        goals ? ` (goal ≤ ${limit} ms: ${verdict(value <= limit)})` : '';
      say(`${label} ${size} entities (seeded in ${seedMs} ms):`);
      say(
        `  list page, everything readable: p50 ${all.p50} ms, p95 ${all.p95} ms`,
      );
      say(
        `  list page, conditional policy (half readable, in SQL): p50 ${half.p50} ms, ` +
          `p95 ${half.p95} ms${goal(half.p95, GOALS.restrictedPageP95Ms)}; ` +
          `same-run ratio to everything readable ${ratios.pageP95RestrictedOverAll}×`,
      );
      say(
        `  summary (status / owner / text filter), everything readable: p50 ${summaryAll.p50} ms, p95 ${summaryAll.p95} ms`,
      );
      say(
        `  summary (status / owner / text filter), with the policy: p50 ${summaryHalf.p50} ms, ` +
          `p95 ${summaryHalf.p95} ms${goal(summaryHalf.p95, GOALS.summaryWithPolicyMs)}; ` +
          `same-run ratio ${ratios.summaryP95RestrictedOverAll}×`,
      );
      say(
        `  summary without filters: everything readable p95 ${summaryUnfilteredAll.p95} ms, ` +
          `with the policy p95 ${summaryUnfilteredHalf.p95} ms${goal(summaryUnfilteredHalf.p95, GOALS.summaryWithPolicyMs)}`,
      );
      say(
        `  list page sorted by title (the Entity column): p50 ${sorts.title.p50} ms, p95 ${sorts.title.p95} ms; ` +
          `by name: p50 ${sorts.name.p50} ms, p95 ${sorts.name.p95} ms; same-run p95 ratio ${ratios.titleSortP95OverNameSort}×`,
      );
      say(
        `  list page filtered by system: full ref (the old shape) p95 ${systems.full.p95} ms, ` +
          `short value p95 ${systems.short.p95} ms (${ratios.shortSystemP95OverFullRef}×), ` +
          `both p95 ${systems.mixed.p95} ms (${ratios.mixedSystemP95OverFullRef}×)`,
      );
    } finally {
      await closeBenchDatabase(db);
    }
  }
}

async function main() {
  say('== compliance list query ==');
  if (part('queries-sqlite')) await benchQueries('sqlite', () => sqliteKnex());
  if (PG && part('queries-postgres'))
    await benchQueries('postgres', size =>
      postgresKnex(PG, `rr_bench_${size}`),
    );
  else if (part('queries-postgres'))
    say(
      'postgres: skipped (no BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
    );

  if (part('evaluation')) await benchEvaluations();
  if (part('http')) await benchHttpPolicies();
  say(JSON.stringify(results));
}

async function benchEvaluations() {
  say('== evaluation of 10,000 entities from local evidence ==');
  results.evaluation_sqlite = await benchEvaluation(10_000, await sqliteKnex());
  say(`sqlite: ${JSON.stringify(results.evaluation_sqlite)}`);
  if (PG) {
    results.evaluation_postgres = await benchEvaluation(
      10_000,
      await postgresKnex(PG, 'rr_bench_eval'),
    );
    say(`postgres: ${JSON.stringify(results.evaluation_postgres)}`);
  }
}

/**
 * 50 connections (autocannon, in a process of its own: ./load.ts) for 30 s
 * against each of two servers on the same data, one with
 * the conditional policy and one without, measured in alternating windows
 * (off, on, off, on, …; `BENCH_HTTP_WINDOWS` windows of each, 3 by default,
 * 30 s in all per server), so that load from the rest of the machine falls
 * on both alike and the on/off ratio compares like with like.
 */
async function benchHttpPolicies() {
  const windows = Number(process.env.BENCH_HTTP_WINDOWS ?? 3);
  const seconds = 30;
  say(
    `== 50 clients x ${seconds} s against GET /compliance (10,000 entities, ${PG ? 'PostgreSQL' : 'SQLite'}), conditional policy off and on, in ${windows} alternating windows each ==`,
  );
  const servers = [];
  for (const policy of ['off', 'on'] as const) {
    const db = PG
      ? await postgresKnex(PG, `rr_bench_http_${policy}`)
      : await sqliteKnex();
    servers.push({
      policy,
      server: await httpServer({
        db,
        entities: 10_000,
        clients: 50,
        policy: policy === 'on' ? HALF_POLICY : undefined,
      }),
    });
  }
  try {
    for (let w = 0; w < windows; w++)
      for (const { server } of servers) await server.window(seconds / windows);
  } finally {
    for (const { server } of servers) await server.close();
  }
  for (const { policy, server } of servers) {
    results[`http_policy_${policy}`] = server.figures();
    say(
      `policy ${policy}: ${JSON.stringify(results[`http_policy_${policy}`])}`,
    );
  }
  const off = results.http_policy_off as { p99: number; errors: number };
  const on = results.http_policy_on as { p99: number; errors: number };
  results.http_p99_ratio_on_off = round(on.p99 / off.p99);
  say(
    `errors: off ${off.errors}, on ${on.errors} (goal 0: ${verdict(off.errors + on.errors === 0)}); ` +
      `p99 with the policy on ${on.p99} ms (goal ≤ ${GOALS.httpP99Ms} ms: ${verdict(on.p99 <= GOALS.httpP99Ms)}), ` +
      `off ${off.p99} ms; on / off ${results.http_p99_ratio_on_off}× ` +
      `(goal ≤ ${GOALS.httpP99RatioOnOff}×: ${verdict(on.p99 <= GOALS.httpP99RatioOnOff * off.p99)})`,
  );
}

main().catch(e => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
