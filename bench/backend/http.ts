/**
 * Concurrent clients against the real router over loopback HTTP; the load
 * comes from autocannon in a separate process (./load.ts).
 */
import { ConfigReader } from '@backstage/config';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import { fork } from 'child_process';
import { readFile } from 'fs/promises';
import { once } from 'events';
import path from 'path';
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
  closeBenchDatabase,
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
import type { LoadReply, LoadRequest } from './load';

/** Figures of one or more measuring windows against one server. */
export interface HttpFigures {
  /** CPU of the server's process per request, ms. */
  nodeCpuMsPerRequest: number;
  /** CPU of the load generator's process (autocannon) per request, ms. */
  clientCpuMsPerRequest: number;
  /** CPU of the PostgreSQL backends serving this database per request, ms. */
  dbCpuMsPerRequest?: number;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

/**
 * The real router over loopback HTTP on a seeded database, measured in
 * windows: `window(seconds)` runs the clients for that long, and `figures()`
 * gives everything measured so far. Windows of two servers can alternate, so
 * that both see the same load from the rest of the machine.
 */
export async function httpServer(options: {
  db: Knex;
  entities: number;
  clients: number;
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
  const load = loadGenerator();
  const latencies: number[] = [];
  let errors = 0;
  let seconds = 0;
  let nodeCpuMs = 0;
  let clientCpuMs = 0;
  let dbCpuMs: number | undefined;
  const queries = [
    'status=failed',
    'owner=team-17',
    'sort=overall&order=desc',
    'q=service%2042',
    'lifecycle=production&offset=100',
  ];

  /** Runs the clients for `length` seconds. */
  const window = async (length: number) => {
    const cpuBefore = process.cpuUsage();
    const dbCpuBefore = await databaseCpuMs(db);
    const reply = await load.run({
      url: `http://127.0.0.1:${port}`,
      paths: queries.map(
        q => `/api/release-readiness/compliance?${q}&limit=50`,
      ),
      connections: options.clients,
      seconds: length,
      headers: { authorization: 'Bearer bench' },
    });
    const nodeCpu = process.cpuUsage(cpuBefore);
    nodeCpuMs += (nodeCpu.user + nodeCpu.system) / 1000;
    clientCpuMs += reply.cpuMs;
    for (const latency of reply.latencies) latencies.push(latency);
    errors += reply.errors;
    const dbCpuAfter = await databaseCpuMs(db);
    if (dbCpuBefore && dbCpuAfter) {
      dbCpuMs ??= 0;
      for (const [pid, ms] of dbCpuAfter)
        dbCpuMs += ms - (dbCpuBefore.get(pid) ?? 0);
    }
    seconds += length;
  };

  const figures = (): HttpFigures => {
    const perRequest = (ms: number) =>
      latencies.length ? round(ms / latencies.length) : 0;
    return {
      nodeCpuMsPerRequest: perRequest(nodeCpuMs),
      clientCpuMsPerRequest: perRequest(clientCpuMs),
      ...(dbCpuMs !== undefined
        ? { dbCpuMsPerRequest: perRequest(dbCpuMs) }
        : {}),
      requests: latencies.length,
      errors,
      rps: round(latencies.length / seconds),
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
    };
  };

  const close = async () => {
    await load.close();
    await new Promise(resolve => server.close(resolve));
    await closeBenchDatabase(db);
  };
  return { window, figures, close };
}

/**
 * The load generator's process (./load.ts run by tsx), one window at a time.
 */
function loadGenerator() {
  const child = fork(path.join(__dirname, 'load.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  return {
    async run(request: LoadRequest): Promise<LoadReply> {
      const reply = once(child, 'message');
      child.send(request);
      const [message] = await Promise.race([
        reply,
        exited.then(([code]) => {
          throw new Error(`The load generator exited with code ${code}`);
        }),
      ]);
      return message as LoadReply;
    },
    async close() {
      child.kill();
      await exited;
    },
  };
}

/**
 * CPU time (ms) of each PostgreSQL backend connected to this database, read
 * from /proc (the server runs on this machine); undefined elsewhere.
 */
async function databaseCpuMs(
  db: Knex,
): Promise<Map<number, number> | undefined> {
  if (db.client.config.client !== 'pg') return undefined;
  try {
    const { rows } = await db.raw(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
    );
    const tick = 100; // USER_HZ on Linux
    const cpu = new Map<number, number>();
    for (const { pid } of rows as Array<{ pid: number }>) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(
        () => undefined,
      );
      if (!stat) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of /proc/pid/stat
      cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / tick);
    }
    return cpu.size ? cpu : undefined;
  } catch {
    return undefined;
  }
}
