/**
 * The one bounded queue of this instance for evaluations asked for outside the
 * sweep: on-demand refreshes, first reads of never-evaluated entities, and
 * requests recorded by push events or file changes. At most `concurrency`
 * evaluations run at once; at most `maxQueued` wait; beyond that a caller gets
 * a 503 (ServiceUnavailableError) instead of adding memory and load.
 */
import { ServiceUnavailableError } from '@backstage/errors';
import PQueue from 'p-queue';

export interface EvaluationQueueOptions {
  /** Evaluations running at once; default 4. */
  concurrency?: number;
  /** Evaluations waiting at most; default 100. */
  maxQueued?: number;
}

export class EvaluationQueue {
  private readonly queue: PQueue;
  private readonly maxQueued: number;

  constructor(options: EvaluationQueueOptions = {}) {
    this.queue = new PQueue({ concurrency: options.concurrency ?? 4 });
    this.maxQueued = options.maxQueued ?? 100;
  }

  /** Whether another task would be refused now. */
  get full(): boolean {
    return this.queue.size >= this.maxQueued;
  }

  /** Evaluations running now. */
  get running(): number {
    return this.queue.pending;
  }

  /** Runs `task` when a slot is free; rejects at once with ServiceUnavailableError when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.full) {
      throw new ServiceUnavailableError(
        `Too many evaluations are waiting on this instance (${this.queue.size}); try again in a few seconds`,
      );
    }
    return this.queue.add(task) as Promise<T>;
  }

  /** Resolves when nothing runs or waits. */
  async idle(): Promise<void> {
    await this.queue.onIdle();
  }
}
