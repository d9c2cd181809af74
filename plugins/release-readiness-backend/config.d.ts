import { HumanDuration } from '@backstage/types';

export interface Config {
  /** The release-readiness backend (`@release-readiness/backstage-plugin-release-readiness-backend`). */
  releaseReadiness?: {
    /**
     * The sweep: the scheduled evaluation of every entity with the `release-readiness.io/protocol11`
     * annotation, a safety net behind push events. A Backstage task schedule definition
     * (read with `readSchedulerServiceTaskScheduleDefinitionFromConfig`) plus `concurrency`,
     * `rateLimitPause` and `maxRequestsPerHour`.
     */
    schedule?: {
      /**
       * How often the sweep starts: a duration (`{ hours: 24 }`, ISO 8601 `P1D`), `{ cron: '0 3 * * *' }`
       * or `{ trigger: 'manual' }`. Default once a day. One replica runs it at a time (scope `global`).
       */
      frequency?:
        { cron: string } | { trigger: 'manual' } | HumanDuration | string;
      /**
       * How long one sweep may take before the scheduler aborts it (and, if its replica dies, how
       * long before another may take the sweep over). Default 23 hours, since the request budget
       * paces the sweep over the day; with a shorter frequency, set a shorter timeout.
       */
      timeout?: HumanDuration | string;
      /** Delay before the first sweep after startup. Default none (a new installation is swept at once; the scheduler keeps the next run's time in the database across restarts). */
      initialDelay?: HumanDuration | string;
      /** `global` (default): one replica at a time; `local`: every replica. */
      scope?: 'global' | 'local';
      /** Entities evaluated at once by a sweep (1–100). Default 5. Also bounds the database connections the sweep uses. */
      concurrency?: number;
      /**
       * How long the sweep pauses after an SCM rate-limit answer (403/429) that does not say when the
       * limit resets. The sweep waits exactly as long as the SCM says when it does: `Retry-After`
       * (seconds or an HTTP-date), else the reset (`x-ratelimit-reset`, GitLab's `RateLimit-Reset`)
       * when no requests remain, else one minute for a GitHub secondary limit. On GitHub and GitLab
       * the backend's own head-commit request sees these headers; a refusal seen only through
       * Backstage's UrlReader (which drops them) asks GitHub's free `GET /rate_limit` on GitHub, else
       * pauses this long. Until the pause ends, refreshes and push-triggered evaluations of entities
       * on that host send it nothing and answer the last result, marked stale. Default 15 minutes.
       */
      rateLimitPause?: HumanDuration | string;
      /**
       * The SCM request budget: requests per SCM host (counted as the SCM counts them: a 304 to a
       * conditional request is free on GitHub) in any hour, shared by every replica through the
       * plugin's database. The sweep waits for it; refreshes and push-triggered evaluations never
       * wait but count against it, so the sweep slows down after them. 310–1,000,000 (the hour is paced in 60 windows of a 62nd
       * each, one of them slack, and a window must hold one evaluation's 5 requests). Default 1000:
       * a fifth of one GitHub token's 5,000 per hour, leaving the rest to the other plugins that
       * share the token (catalog discovery, TechDocs, the scaffolder); a daily sweep of 10,000
       * GitHub entities with 2% changing spends about 1,000. Over several tokens (a GitHub App
       * installation gets 5,000–12,500 per hour) raise it accordingly.
       */
      maxRequestsPerHour?: number;
    };
    /**
     * Evaluations outside the sweep (refresh button, first view, push events, file changes) go
     * through one bounded queue per backend instance.
     */
    refresh?: {
      /** Evaluations running at once (1–100). Default 4. */
      concurrency?: number;
      /** Evaluations waiting at most; beyond that a refresh answers 503. Default 100. */
      maxQueued?: number;
      /** Quiet time after the latest push or file change before the entity is evaluated, so a burst gives one evaluation. Default 1 second. */
      debounce?: HumanDuration | string;
    };
    /**
     * Reading evidence from local folders, for entities registered from `file:` locations
     * (demo portals, tests). Off unless roots are given.
     */
    localSources?: {
      /**
       * Folders local sources may read below. Relative paths are resolved against the
       * backend's working directory; symlinks are resolved before the check.
       */
      roots?: string[];
      /** Watch the roots and re-evaluate an entity when its document, form or evidence changes on disk. Default true. */
      watch?: boolean;
    };
    /** Largest evidence file read, in bytes; larger files are an `error` criterion. Default 1048576 (1 MiB). */
    maxEvidenceFileBytes?: number;
    /**
     * Backstage notifications to the entity's owner when a gate regresses (passed → failed or
     * error), when Release Authorization passes and when Stabilization & Handoff passes. Sent
     * through `@backstage/plugin-notifications-node` (the notifications backend must be installed);
     * topic: the entity ref, so a user can mute one entity.
     */
    notifications?: {
      /** False: gate events are recorded but not sent. Default true. */
      enabled?: boolean;
    };
    /**
     * The catalog mirror behind the compliance routes (every entity's facts, for listing
     * entities without Protocol 11 and applying catalog read permissions in SQL). Each sync pages
     * refs and etags and re-reads changed entities only; entities gone from the catalog leave
     * the compliance routes at the next sync. A task schedule definition; default every
     * 5 minutes (first at startup), timeout 30 minutes, one replica at a time.
     */
    catalogSync?: {
      frequency?:
        { cron: string } | { trigger: 'manual' } | HumanDuration | string;
      timeout?: HumanDuration | string;
      initialDelay?: HumanDuration | string;
      scope?: 'global' | 'local';
    };
  };
}
