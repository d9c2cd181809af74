/** Full evaluation of many entities from local evidence folders. */
import { Entity } from '@backstage/catalog-model';
import { mockCredentialsFree } from './credentials';
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Knex } from 'knex';
import { ReadinessEvaluator } from '../../plugins/release-readiness-backend/src/service/evaluator';
import { evaluateAll } from '../../plugins/release-readiness-backend/src/service/schedule';
import {
  LocalFolderReader,
  RoutingRepositoryReader,
} from '../../plugins/release-readiness-backend/src/sources';
import { ReadinessStore } from '../../plugins/release-readiness-backend/src/store/ReadinessStore';
import { benchCatalog, closeBenchDatabase, logger, round } from './fixtures';

const SAMPLES = resolve(__dirname, '../../examples/services');

/** Hard-links every file of `from` into `to`, recursively. */
function linkTree(from: string, to: string) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (statSync(source).isDirectory()) linkTree(source, join(to, name));
    else linkSync(source, join(to, name));
  }
}

export async function benchEvaluation(count: number, db: Knex) {
  const root = mkdtempSync(join(tmpdir(), 'rr-bench-'));
  const samples = readdirSync(SAMPLES).filter(s => s !== 'recommendations-api');
  const entities: Entity[] = [];
  for (let i = 0; i < count; i++) {
    const name = `svc-${String(i).padStart(6, '0')}`;
    const dir = join(root, name);
    linkTree(join(SAMPLES, samples[i % samples.length]), dir);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: {
          'release-readiness.io/protocol11': '.',
          'backstage.io/managed-by-location': `file:${join(dir, 'catalog-info.yaml')}`,
        },
      },
      spec: { owner: `group:default/team-${i % 200}`, lifecycle: 'production' },
    });
  }
  const store = new ReadinessStore(db);
  const reader = new RoutingRepositoryReader({
    url: new LocalFolderReader([root]),
    local: new LocalFolderReader([root]),
  });
  const evaluator = new ReadinessEvaluator({ store, reader, logger });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = Date.now();
  try {
    const run = await evaluateAll({
      catalog: benchCatalog(entities, () => undefined),
      auth: mockCredentialsFree,
      store,
      evaluator,
      logger,
      concurrency: 5,
    });
    const wallMs = Date.now() - started;
    const overall: { overall: string; n: string | number }[] = await db(
      'release_readiness_entities',
    )
      .select('overall')
      .count({ n: '*' })
      .groupBy('overall');
    return {
      entities: run.entities,
      failures: run.failures,
      wallSeconds: round(wallMs / 1000),
      perEntityMs: round(wallMs / count),
      peakRssMb: Math.round(peak / 1024 / 1024),
      poolMax: db.client.pool?.max,
      overall: Object.fromEntries(overall.map(r => [r.overall, Number(r.n)])),
    };
  } finally {
    clearInterval(sampler);
    await closeBenchDatabase(db);
    rmSync(root, { recursive: true, force: true });
  }
}
