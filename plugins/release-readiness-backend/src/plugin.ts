import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './router';
import { CatalogAccess } from './service/access';
import { ContentService } from './service/content';
import { readReleaseReadinessConfig } from './service/config';
import { ReadinessEvaluator } from './service/evaluator';
import { ReadinessService } from './service/ReadinessService';
import { scheduleEvaluation } from './service/schedule';
import { LocalFolderReader, RoutingRepositoryReader, UrlRepositoryReader } from './sources';
import { ReadinessStore } from './store/ReadinessStore';

/**
 * The release-readiness backend: evaluates the Protocol 11 gates of every
 * entity with the `release-readiness.io/protocol11` annotation, on a schedule
 * and on demand, stores the results and serves them.
 * @public
 */
export const releaseReadinessPlugin = createBackendPlugin({
  pluginId: 'release-readiness',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, database, scheduler, httpRouter, httpAuth, auth, urlReader, catalog }) {
        const options = readReleaseReadinessConfig(config);
        const store = await ReadinessStore.create({ database });
        const reader = new RoutingRepositoryReader({
          url: new UrlRepositoryReader(urlReader),
          local: options.localRoots.length ? new LocalFolderReader(options.localRoots) : undefined,
        });
        const evaluator = new ReadinessEvaluator({ store, reader, logger, maxFileBytes: options.maxFileBytes });
        const access = new CatalogAccess({ catalog, auth });
        await scheduleEvaluation({ scheduler, config: options, catalog, auth, store, evaluator, logger });
        const content = new ContentService({ access, reader, maxFileBytes: options.maxFileBytes });
        httpRouter.use(await createRouter({ service: new ReadinessService({ store, evaluator, access }), httpAuth, content }));
      },
    });
  },
});
