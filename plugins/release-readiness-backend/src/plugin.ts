import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ScmIntegrations } from '@backstage/integration';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { registerReadinessActions } from './actions/readinessActions';
import { readinessSignalChannel } from '@release-readiness/backstage-plugin-release-readiness-common';
import { subscribeToPushEvents } from './events/pushEvents';
import { createRouter } from './router';
import { CatalogAccess } from './service/access';
import { ContentService } from './service/content';
import { readReleaseReadinessConfig } from './service/config';
import { ReadinessEvaluator } from './service/evaluator';
import { InstanceLiveness, newInstanceId } from './service/liveness';
import { EvaluationQueue } from './service/queue';
import { ReadinessService } from './service/ReadinessService';
import { RequestWorker } from './service/requests';
import { scheduleEvaluation } from './service/schedule';
import { primeSignalsUpgrade } from './service/signalsUpgrade';
import { githubRateLimitReset } from './service/rateLimitReset';
import { scheduleCatalogSync } from './service/catalogSync';
import { CatalogMirror } from './store/catalogMirror';
import {
  LocalFolderReader,
  RoutingRepositoryReader,
  ScmRevisionProbe,
  UrlRepositoryReader,
} from './sources';
import { ScmRequestBudget } from './service/budget';
import { LocalSourceWatcher } from './sources/localWatcher';
import { ReadinessStore } from './store/ReadinessStore';
import { NotificationOutbox } from './store/outbox';
import { ReadinessNotifier } from './notifications/ReadinessNotifier';
import { entityTabUrl } from './service/links';
import { DeferredGateChecker } from './service/gateChecker';
import { releaseReadinessGatesExtensionPoint } from '@release-readiness/backstage-plugin-release-readiness-node';

/**
 * The release-readiness backend: evaluates the Protocol 11 gates of every
 * entity with the `release-readiness.io/protocol11` annotation when a push
 * touches its protocol files (Backstage events), on demand, and in a daily
 * sweep; stores the results, serves them and signals open pages on change.
 * @public
 */
export const releaseReadinessPlugin = createBackendPlugin({
  pluginId: 'release-readiness',
  register(env) {
    const gates = new DeferredGateChecker();
    env.registerExtensionPoint(releaseReadinessGatesExtensionPoint, { gates });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        userInfo: coreServices.userInfo,
        discovery: coreServices.discovery,
      },
      async init(deps) {
        const {
          config,
          logger,
          database,
          scheduler,
          lifecycle,
          httpRouter,
          httpAuth,
          auth,
          permissions,
          urlReader,
          catalog,
        } = deps;
        const options = readReleaseReadinessConfig(config);
        const store = await ReadinessStore.create({ database });
        const reader = new RoutingRepositoryReader({
          url: new UrlRepositoryReader(urlReader, {
            revisions: ScmRevisionProbe.fromConfig(config),
            integrations: ScmIntegrations.fromConfig(config),
          }),
          local: options.localRoots.length
            ? new LocalFolderReader(options.localRoots)
            : undefined,
        });
        const instanceId = newInstanceId();
        const liveness = new InstanceLiveness({ store, instanceId, logger });
        await liveness.start();
        const notifier = new ReadinessNotifier({
          outbox: new NotificationOutbox(store.db),
          notifications: deps.notifications,
          logger,
          instanceId,
          tabUrl: entityTabUrl(config),
          enabled: options.notifications.enabled,
        });
        const evaluator = new ReadinessEvaluator({
          store,
          reader,
          logger,
          instanceId,
          isGone: liveness.isGone,
          maxFileBytes: options.maxFileBytes,
          budget: await ScmRequestBudget.create({
            maxRequests: options.maxRequestsPerHour,
            knex: store.db,
          }),
          onChange: entityRef => {
            notifier.flush();
            deps.signals
              .publish({
                recipients: { type: 'broadcast' },
                channel: readinessSignalChannel(entityRef),
                message: { entityRef },
              })
              .catch(e =>
                logger.warn(
                  `Release readiness: signal for ${entityRef} not sent: ${e}`,
                ),
              );
          },
        });
        const access = new CatalogAccess({
          catalog,
          auth,
          permissions: deps.permissions,
        });
        const mirror = new CatalogMirror(store.db);
        await scheduleCatalogSync({
          scheduler,
          schedule: options.catalogSync,
          logger,
          catalog,
          auth,
          mirror,
        });
        const queue = new EvaluationQueue(options.refresh);
        const worker = new RequestWorker({
          store,
          evaluator,
          queue,
          catalog,
          auth,
          logger,
          debounceMs: options.refresh.debounceMs,
        });
        worker.start();
        const request = (refs: string[]) => worker.request(refs);
        await subscribeToPushEvents({
          events: deps.events,
          store,
          logger,
          request,
        });
        const watcher = options.watchLocalSources
          ? new LocalSourceWatcher({
              roots: options.localRoots,
              store,
              logger,
              request,
            })
          : undefined;
        await watcher?.start();
        // So that the first browser's live-update connection after a start is accepted
        // (see signalsUpgrade.ts): once every plugin's routes are mounted.
        lifecycle.addStartupHook(() =>
          primeSignalsUpgrade({ discovery: deps.discovery, logger }),
        );
        lifecycle.addShutdownHook(async () => {
          await watcher?.stop();
          await worker.stop();
          await queue.idle();
          await liveness.stop();
        });
        // Sends what a failed send or a restart left in the outbox.
        await scheduler.scheduleTask({
          id: 'release-readiness-notifications',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          scope: 'local',
          fn: () => notifier.flush(),
        });
        await scheduleEvaluation({
          scheduler,
          config: options,
          catalog,
          auth,
          store,
          evaluator,
          logger,
          rateLimitReset: githubRateLimitReset(config),
        });
        const readinessService = new ReadinessService({
          store,
          evaluator,
          access,
          permissions,
          queue,
          entityUrl: entityTabUrl(config),
        });
        gates.resolve(async (ref, gateId) =>
          readinessService.gate(
            ref,
            gateId,
            await auth.getOwnServiceCredentials(),
          ),
        );
        registerReadinessActions({
          actionsRegistry: deps.actionsRegistry,
          service: readinessService,
          userInfo: deps.userInfo,
          auth,
          entityUrl: entityTabUrl(config),
        });
        const content = new ContentService({
          access,
          reader,
          maxFileBytes: options.maxFileBytes,
        });
        httpRouter.use(
          await createRouter({
            service: readinessService,
            httpAuth,
            content,
          }),
        );
      },
    });
  },
});
