/** Concurrent clients against the real router over loopback HTTP. */
import { ConfigReader } from '@backstage/config';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import http from 'http';
import { AddressInfo } from 'net';
import { Knex } from 'knex';
import { createRouter } from '../../plugins/release-readiness-backend/src/router';
import { CatalogAccess } from '../../plugins/release-readiness-backend/src/service/access';
import { ReadinessEvaluator } from '../../plugins/release-readiness-backend/src/service/evaluator';
import { ReadinessService } from '../../plugins/release-readiness-backend/src/service/ReadinessService';
import {
  RoutingRepositoryReader,
  UrlRepositoryReader,
} from '../../plugins/release-readiness-backend/src/sources';
import { ReadinessStore } from '../../plugins/release-readiness-backend/src/store/ReadinessStore';
import { benchHttpAuth } from './credentials';
import {
  benchCatalog,
  benchPermissions,
  logger,
  percentile,
  round,
  seed,
} from './fixtures';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { UrlReaderService } from '@backstage/backend-plugin-api';

export async function benchHttp(options: {
  db: Knex;
  entities: number;
  clients: number;
  seconds: number;
  /** The users' catalog read decision; undefined: allowed everything. */
  policy?: PolicyDecision;
}) {
  const { db } = options;
  const refs = await seed(db, options.entities);
  const entities = refs.map(ref => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: ref.split('/')[1],
      namespace: 'default',
      annotations: { 'release-readiness.io/protocol11': '.' },
    },
  }));
  const store = new ReadinessStore(db);
  const reader = new RoutingRepositoryReader({
    url: new UrlRepositoryReader({} as UrlReaderService),
  });
  const evaluator = new ReadinessEvaluator({ store, reader, logger });
  const access = new CatalogAccess({
    catalog: benchCatalog(entities, () => undefined),
  });
  const permissions = benchPermissions(
    options.policy ?? { result: AuthorizeResult.ALLOW },
  );
  const app = express();
  app.use(
    '/api/release-readiness',
    await createRouter({
      service: new ReadinessService({
        store,
        evaluator,
        access,
        permissions,
      }),
      httpAuth: benchHttpAuth,
    }),
  );
  app.use(
    MiddlewareFactory.create({ config: new ConfigReader({}), logger }).error(),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.clients,
  });
  const latencies: number[] = [];
  let errors = 0;
  const queries = [
    'status=failed',
    'owner=team-17',
    'sort=overall&order=desc',
    'q=service%2042',
    'lifecycle=production&offset=100',
  ];
  const once = (path: string) =>
    new Promise<void>(resolve => {
      const start = process.hrtime.bigint();
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path,
          agent,
          headers: { authorization: 'Bearer bench' },
        },
        res => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const deadline = Date.now() + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, c) => {
      for (let i = 0; Date.now() < deadline; i++) {
        await once(
          `/api/release-readiness/compliance?${queries[(c + i) % queries.length]}&limit=50`,
        );
      }
    }),
  );
  agent.destroy();
  await new Promise(resolve => server.close(resolve));
  await db.destroy();
  return {
    requests: latencies.length,
    errors,
    rps: round(latencies.length / options.seconds),
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
  };
}
