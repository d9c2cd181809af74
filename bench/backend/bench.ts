/*
 * Release-readiness backend benchmark (bounded loops, loopback only):
 *
 *   npx tsx bench/backend/bench.ts
 *
 * 1. Compliance list query (50-row page, filtered, with total count) at 10,000 and
 *    100,000 stored entities: p50/p95, SQLite and (with
 *    BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) PostgreSQL.
 * 2. Full evaluation of 10,000 entities from local evidence: wall time, peak RSS.
 * 3. 50 concurrent HTTP clients on 127.0.0.1 for 30 s against GET /compliance.
 * The last line is a JSON object with every figure.
 */
import { Knex } from 'knex';
import { benchEvaluation } from './evaluation';
import { benchHttp } from './http';
import { percentile, postgresKnex, round, seed, sqliteKnex } from './fixtures';
import { ReadinessStore } from '../../plugins/release-readiness-backend/src/store/ReadinessStore';
import { ReadableScope } from '../../plugins/release-readiness-backend/src/store/types';

const PG = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const results: Record<string, unknown> = {};
const say = (line: string) => process.stdout.write(`${line}\n`);

async function timeQueries(
  store: ReadinessStore,
  scope: ReadableScope,
  runs: number,
) {
  const filters = [
    { status: ['failed' as const] },
    { owner: ['group:default/team-17'] },
    { q: 'service 42' },
  ];
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const filter = filters[i % filters.length];
    const start = process.hrtime.bigint();
    await store.list(
      filter,
      { field: 'name', order: 'asc' },
      { offset: (i % 5) * 50, limit: 50 },
      scope,
    );
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return {
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    runs,
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
      const refs = await seed(db, size);
      const store = new ReadinessStore(db);
      await timeQueries(store, { all: true }, 20); // warm up
      const all = await timeQueries(store, { all: true }, 200);
      const half = await timeQueries(
        store,
        { all: false, refs: refs.filter((_, i) => i % 2 === 0) },
        60,
      );
      results[`query_${label}_${size}`] = {
        all,
        readableHalf: half,
        seedMs: Date.now() - t0,
      };
      say(
        `${label} ${size} rows: list page p50 ${all.p50} ms, p95 ${all.p95} ms; ` +
          `restricted to ${size / 2} readable refs p50 ${half.p50} ms, p95 ${half.p95} ms (seeded in ${Date.now() - t0} ms)`,
      );
    } finally {
      await db.destroy();
    }
  }
}

async function main() {
  say('== compliance list query ==');
  await benchQueries('sqlite', () => sqliteKnex());
  if (PG)
    await benchQueries('postgres', size =>
      postgresKnex(PG, `rr_bench_${size}`),
    );
  else
    say(
      'postgres: skipped (no BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
    );

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

  say(
    '== 50 clients x 30 s against GET /compliance (10,000 entities, SQLite) ==',
  );
  results.http_sqlite = await benchHttp({
    db: await sqliteKnex(),
    entities: 10_000,
    clients: 50,
    seconds: 30,
  });
  say(`sqlite: ${JSON.stringify(results.http_sqlite)}`);
  say(JSON.stringify(results));
}

main().catch(e => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
