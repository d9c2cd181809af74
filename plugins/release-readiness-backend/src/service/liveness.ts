/**
 * Whether the holder of a lease is still running. Each instance writes a
 * heartbeat row every `heartbeatMs`; a holder is gone when
 * - it runs on this host and its process is gone (or, when it names this very
 *   process, it is not one of the instances running here: a stopped backend or
 *   a previous incarnation of this container), found at once; or
 * - its heartbeat is older than `goneAfterMs` (other hosts), or it has no
 *   heartbeat row at all (it stopped, or never started one).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'crypto';
import { hostname } from 'os';
import { ReadinessStore } from '../store/ReadinessStore';

/** Instances running in this process; a process fact, not state replicas share. */
const runningHere = new Set<string>();

const SEPARATOR = '|';

/** A new instance id: `host|pid|uuid`. */
export function newInstanceId(): string {
  return [hostname(), process.pid, randomUUID()].join(SEPARATOR);
}

function parseInstanceId(
  id: string,
): { host: string; pid: number } | undefined {
  const parts = id.split(SEPARATOR);
  if (parts.length !== 3) return undefined;
  const pid = Number(parts[1]);
  return Number.isInteger(pid) && pid > 0 ? { host: parts[0], pid } : undefined;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface InstanceLivenessOptions {
  store: ReadinessStore;
  instanceId: string;
  logger: LoggerService;
  /** How often this instance writes its heartbeat; default 2 s. */
  heartbeatMs?: number;
  /** A heartbeat older than this means the instance is gone; default 15 s. */
  goneAfterMs?: number;
}

export class InstanceLiveness {
  private timer?: NodeJS.Timeout;
  private readonly heartbeatMs: number;
  private readonly goneAfterMs: number;

  constructor(private readonly options: InstanceLivenessOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 2000;
    this.goneAfterMs = options.goneAfterMs ?? 15_000;
  }

  /** Writes the first heartbeat and keeps writing them until {@link stop}. */
  async start(): Promise<void> {
    runningHere.add(this.options.instanceId);
    await this.options.store.heartbeat(this.options.instanceId, Date.now());
    this.timer = setInterval(() => {
      const now = Date.now();
      this.options.store
        .heartbeat(this.options.instanceId, now)
        .then(() =>
          this.options.store.removeInstancesBefore(now - 10 * this.goneAfterMs),
        )
        .catch(e =>
          this.options.logger.warn(`Release readiness heartbeat failed: ${e}`),
        );
    }, this.heartbeatMs);
    this.timer.unref();
  }

  /** Stops the heartbeat, releases this instance's leases and removes its row. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    runningHere.delete(this.options.instanceId);
    await this.options.store.removeInstance(this.options.instanceId);
  }

  /** Whether the lease holder `holder` is no longer running. */
  isGone = async (holder: string): Promise<boolean> => {
    if (runningHere.has(holder)) return false;
    const parsed = parseInstanceId(holder);
    if (parsed && parsed.host === hostname()) {
      if (parsed.pid === process.pid) return true;
      if (!processExists(parsed.pid)) return true;
    }
    const last = await this.options.store.lastHeartbeat(holder);
    return last === undefined || Date.now() - last > this.goneAfterMs;
  };
}
