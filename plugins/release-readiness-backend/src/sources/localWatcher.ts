/**
 * For local sources (the demo portal, tests): a file watcher over the
 * configured roots stands in for push events. A change to a document, form or
 * evidence file records a refresh request for the entities it belongs to.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import chokidar, { FSWatcher } from 'chokidar';
import { ReadinessStore } from '../store/ReadinessStore';
import { fileTouches } from './watch';

export class LocalSourceWatcher {
  private watcher?: FSWatcher;

  constructor(
    private readonly options: {
      roots: string[];
      store: ReadinessStore;
      logger: LoggerService;
      request: (entityRefs: string[]) => Promise<number>;
    },
  ) {}

  /** Starts watching; resolves once the watcher is ready. */
  async start(): Promise<void> {
    const { roots, logger } = this.options;
    const watcher = chokidar.watch(roots, {
      ignoreInitial: true,
      ignored: path => /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(path),
      // Coalesce the events of one write; the request worker debounces further.
      awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 50 },
    });
    this.watcher = watcher;
    const changed = (path: string) => {
      this.onChange(path).catch(e =>
        logger.warn(
          `Release readiness: local change of ${path} not handled: ${e}`,
        ),
      );
    };
    watcher.on('add', changed).on('change', changed).on('unlink', changed);
    watcher.on('error', e =>
      logger.warn(`Release readiness: watching local sources failed: ${e}`),
    );
    await new Promise<void>(resolve => watcher.once('ready', () => resolve()));
  }

  async stop(): Promise<void> {
    await this.watcher?.close();
  }

  private async onChange(path: string): Promise<void> {
    const entities = await this.options.store.entitiesOfSource('local');
    const refs = entities
      .filter(e => fileTouches(e.source, path))
      .map(e => e.entityRef);
    if (refs.length) await this.options.request(refs);
  }
}
