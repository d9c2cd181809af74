/** The plugin's configuration, `releaseReadiness` in app-config (see config.d.ts). */
import { Config, readDurationFromConfig } from '@backstage/config';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';
import { DEFAULT_MAX_FILE_BYTES } from '@release-readiness/backstage-plugin-release-readiness-common';
import { InputError } from '@backstage/errors';
import { resolve } from 'path';

export interface ReleaseReadinessOptions {
  schedule: Pick<SchedulerServiceTaskScheduleDefinition, 'frequency' | 'timeout' | 'initialDelay'>;
  /** Entities evaluated at once by the scheduled run. */
  concurrency: number;
  /** Absolute folders local sources may read below; empty when off. */
  localRoots: string[];
  maxFileBytes: number;
}

const DEFAULT_FREQUENCY: HumanDuration = { minutes: 10 };
const DEFAULT_TIMEOUT: HumanDuration = { minutes: 30 };

function readFrequency(config: Config | undefined): SchedulerServiceTaskScheduleDefinition['frequency'] {
  if (!config?.has('frequency')) return DEFAULT_FREQUENCY;
  if (config.getOptionalConfig('frequency')?.has('cron')) return { cron: config.getString('frequency.cron') };
  return readDurationFromConfig(config, { key: 'frequency' });
}

export function readReleaseReadinessConfig(root: Config, workingDirectory = process.cwd()): ReleaseReadinessOptions {
  const config = root.getOptionalConfig('releaseReadiness');
  const schedule = config?.getOptionalConfig('schedule');
  const concurrency = schedule?.getOptionalNumber('concurrency') ?? 5;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
    throw new InputError('releaseReadiness.schedule.concurrency must be an integer from 1 to 100');
  }
  const maxFileBytes = config?.getOptionalNumber('maxEvidenceFileBytes') ?? DEFAULT_MAX_FILE_BYTES;
  return {
    schedule: {
      frequency: readFrequency(schedule),
      timeout: schedule?.has('timeout') ? readDurationFromConfig(schedule, { key: 'timeout' }) : DEFAULT_TIMEOUT,
      initialDelay: schedule?.has('initialDelay')
        ? readDurationFromConfig(schedule, { key: 'initialDelay' })
        : undefined,
    },
    concurrency,
    localRoots: (config?.getOptionalStringArray('localSources.roots') ?? []).map(r => resolve(workingDirectory, r)),
    maxFileBytes,
  };
}
