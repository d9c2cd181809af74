import { HumanDuration } from '@backstage/types';

export interface Config {
  /** The release-readiness backend (`@release-readiness/backstage-plugin-release-readiness-backend`). */
  releaseReadiness?: {
    /** The scheduled evaluation of every entity with the `release-readiness.io/protocol11` annotation. */
    schedule?: {
      /**
       * How often the run starts: a duration (`{ minutes: 10 }`, ISO 8601 `PT10M`) or `{ cron: '*\/10 * * * *' }`.
       * Default every 10 minutes. One replica runs it at a time (scheduler scope `global`).
       */
      frequency?: { cron: string } | HumanDuration | string;
      /** How long one run may take before the scheduler aborts it. Default 30 minutes. */
      timeout?: HumanDuration | string;
      /** Delay before the first run after startup. Default none. */
      initialDelay?: HumanDuration | string;
      /** Entities evaluated at once by a run (1–100). Default 5. Also bounds the database connections the run uses. */
      concurrency?: number;
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
    };
    /** Largest evidence file read, in bytes; larger files are an `error` criterion. Default 1048576 (1 MiB). */
    maxEvidenceFileBytes?: number;
  };
}
