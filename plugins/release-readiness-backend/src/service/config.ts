/** The plugin's configuration, `releaseReadiness` in app-config (see config.d.ts). */
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';
import { DEFAULT_MAX_FILE_BYTES } from '@release-readiness/backstage-plugin-release-readiness-common';
import { InputError } from '@backstage/errors';
import { resolve } from 'path';
import { MIN_REQUESTS_PER_PERIOD } from './budget';

export interface ReleaseReadinessOptions {
  /** The sweep's schedule (Backstage's task schedule definition). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Entities evaluated at once by the sweep. */
  concurrency: number;
  /** How long the sweep pauses on an SCM rate-limit answer that does not say when it resets. */
  rateLimitPauseMs: number;
  /** Counted SCM requests per host in any hour (the request budget; see budget.ts). */
  maxRequestsPerHour: number;
  /** The instance's queue for evaluations outside the sweep. */
  refresh: { concurrency: number; maxQueued: number; debounceMs: number };
  /** Absolute folders local sources may read below; empty when off. */
  localRoots: string[];
  /** Whether changes below the local roots trigger evaluations. */
  watchLocalSources: boolean;
  maxFileBytes: number;
  /** Owner notifications of gate events (`releaseReadiness.notifications`). */
  notifications: { enabled: boolean };
  /** The catalog mirror's sync schedule. */
  catalogSync: SchedulerServiceTaskScheduleDefinition;
}

/**
 * The sweep's default: once a day. Push events and file changes keep results
 * fresh; the sweep only catches what no event reported (a missed webhook, a new
 * annotation). An unchanged GitHub repository costs one free conditional request
 * (304). The timeout covers the whole day because the request budget paces the
 * sweep: a first sweep of a large catalog (about 5 counted requests per entity,
 * so 180 entities an hour at the default budget) would otherwise be cut off
 * after a few hundred entities each day.
 */
const DEFAULT_SCHEDULE = {
  frequency: { hours: 24 },
  timeout: { hours: 23 },
} as const;
/**
 * The catalog mirror's default: every 5 minutes, the first at startup. Each
 * sync pages refs and etags only and re-reads the entities that changed.
 */
const DEFAULT_CATALOG_SYNC = {
  frequency: { minutes: 5 },
  timeout: { minutes: 30 },
} as const;
const DEFAULT_RATE_LIMIT_PAUSE: HumanDuration = { minutes: 15 };
/**
 * A fifth of one GitHub token's 5,000 requests per hour, leaving the rest to
 * the other plugins that share the token (catalog discovery and refresh,
 * TechDocs, the scaffolder). A daily sweep of 10,000 GitHub entities with 2%
 * changing spends about 1,000 counted requests (bench/backend/scm.ts), so it
 * still finishes within about an hour.
 */
const DEFAULT_MAX_REQUESTS_PER_HOUR = 1000;

const toMs = (d: HumanDuration) =>
  ((((d.days ?? 0) * 24 + (d.hours ?? 0)) * 60 + (d.minutes ?? 0)) * 60 +
    (d.seconds ?? 0)) *
    1000 +
  (d.milliseconds ?? 0);

function integer(
  config: Config | undefined,
  key: string,
  fallback: number,
  min: number,
  max: number,
  name: string,
) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function readSchedule(
  schedule: Config | undefined,
  defaults: object = DEFAULT_SCHEDULE,
  key = 'releaseReadiness.schedule',
): SchedulerServiceTaskScheduleDefinition {
  const given = schedule?.get<Record<string, unknown>>() ?? {};
  const {
    concurrency: _c,
    rateLimitPause: _r,
    maxRequestsPerHour: _m,
    ...definition
  } = given;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader({
        ...defaults,
        ...(definition as object),
      } as any),
    );
  } catch (e) {
    throw new InputError(`${key}: ${(e as Error).message}`);
  }
}

export function readReleaseReadinessConfig(
  root: Config,
  workingDirectory = process.cwd(),
): ReleaseReadinessOptions {
  const config = root.getOptionalConfig('releaseReadiness');
  const schedule = config?.getOptionalConfig('schedule');
  const refresh = config?.getOptionalConfig('refresh');
  const localRoots = (
    config?.getOptionalStringArray('localSources.roots') ?? []
  ).map(r => resolve(workingDirectory, r));
  return {
    schedule: readSchedule(schedule),
    concurrency: integer(
      schedule,
      'concurrency',
      5,
      1,
      100,
      'releaseReadiness.schedule.concurrency',
    ),
    rateLimitPauseMs: schedule?.has('rateLimitPause')
      ? toMs(readDurationFromConfig(schedule, { key: 'rateLimitPause' }))
      : toMs(DEFAULT_RATE_LIMIT_PAUSE),
    maxRequestsPerHour: integer(
      schedule,
      'maxRequestsPerHour',
      DEFAULT_MAX_REQUESTS_PER_HOUR,
      MIN_REQUESTS_PER_PERIOD,
      1_000_000,
      'releaseReadiness.schedule.maxRequestsPerHour',
    ),
    refresh: {
      concurrency: integer(
        refresh,
        'concurrency',
        4,
        1,
        100,
        'releaseReadiness.refresh.concurrency',
      ),
      maxQueued: integer(
        refresh,
        'maxQueued',
        100,
        0,
        100_000,
        'releaseReadiness.refresh.maxQueued',
      ),
      debounceMs: refresh?.has('debounce')
        ? toMs(readDurationFromConfig(refresh, { key: 'debounce' }))
        : 1000,
    },
    localRoots,
    watchLocalSources:
      localRoots.length > 0 &&
      (config?.getOptionalBoolean('localSources.watch') ?? true),
    maxFileBytes:
      config?.getOptionalNumber('maxEvidenceFileBytes') ??
      DEFAULT_MAX_FILE_BYTES,
    notifications: {
      enabled: config?.getOptionalBoolean('notifications.enabled') ?? true,
    },
    catalogSync: readSchedule(
      config?.getOptionalConfig('catalogSync'),
      DEFAULT_CATALOG_SYNC,
      'releaseReadiness.catalogSync',
    ),
  };
}
