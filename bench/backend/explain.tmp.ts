import knexFactory from 'knex';
import {
  listPage,
  ComplianceFilter,
} from '../../plugins/release-readiness-backend/src/store/compliance';
import { translateCriteria } from '../../plugins/release-readiness-backend/src/service/permissionScope';
import { HALF_POLICY } from './fixtures';
async function main() {
  const db = knexFactory({
    client: 'pg',
    connection:
      'postgresql://postgres:postgres@127.0.0.1:5432/rr_bench_http_on',
  });
  const scope: any = process.env.ALL
    ? { type: 'all' }
    : {
        type: 'sql' as const,
        filter: translateCriteria((HALF_POLICY as any).conditions).filter,
      };
  const cases: Array<[ComplianceFilter, any, number]> = [
    [{ status: ['failed'] }, { field: 'name', order: 'asc' }, 0],
    [{ owner: ['group:default/team-17'] }, { field: 'name', order: 'asc' }, 0],
    [{}, { field: 'overall', order: 'desc' }, 0],
    [{ q: 'service 42' }, { field: 'name', order: 'asc' }, 0],
    [{ lifecycle: ['production'] }, { field: 'name', order: 'asc' }, 100],
  ];
  const sqls: Array<[string, any[]]> = [];
  db.on('query', (q: any) => {
    if (!/count/.test(q.sql)) sqls.push([q.sql, q.bindings]);
  });
  for (const [f, s, o] of cases)
    await listPage(db, f, s, { offset: o, limit: 50 }, scope);
  const c: any = await (db.client as any).acquireConnection();
  for (let round = 0; round < 3; round++)
    for (const [sql, b] of sqls) {
      const r = await c.query(`EXPLAIN (ANALYZE, SUMMARY) ${sql}`, b);
      const lines = r.rows.map((x: any) => x['QUERY PLAN']);
      console.log(
        round,
        lines
          .filter((l: string) => /Planning Time|Execution Time/.test(l))
          .join(' '),
        '',
      );
    }
  if (process.argv[2]) {
    const [q, b] = sqls[Number(process.argv[2])];
    console.log(q);
    const r = await c.query(`EXPLAIN (ANALYZE) ${q}`, b);
    console.log(
      r.rows.map((x: any) => x['QUERY PLAN'].slice(0, 300)).join('\n'),
    );
  }
  await (db.client as any).releaseConnection(c);
  await db.destroy();
}
main();
