import { ConfigReader } from '@backstage/config';
import { readReleaseReadinessConfig } from './config';

describe('readReleaseReadinessConfig', () => {
  it('has defaults: every 10 minutes, 5 at once, no local roots', () => {
    expect(readReleaseReadinessConfig(new ConfigReader({}), '/srv')).toEqual({
      schedule: { frequency: { minutes: 10 }, timeout: { minutes: 30 }, initialDelay: undefined },
      concurrency: 5,
      localRoots: [],
      maxFileBytes: 1024 * 1024,
    });
  });

  it('reads durations, cron and roots relative to the working directory', () => {
    const options = readReleaseReadinessConfig(
      new ConfigReader({
        releaseReadiness: {
          schedule: { frequency: { cron: '*/5 * * * *' }, timeout: { minutes: 2 }, initialDelay: { seconds: 5 }, concurrency: 3 },
          localSources: { roots: ['../../services', '/abs'] },
          maxEvidenceFileBytes: 2048,
        },
      }),
      '/repo/examples/portal/backend',
    );
    expect(options).toEqual({
      schedule: { frequency: { cron: '*/5 * * * *' }, timeout: { minutes: 2 }, initialDelay: { seconds: 5 } },
      concurrency: 3,
      localRoots: ['/repo/examples/services', '/abs'],
      maxFileBytes: 2048,
    });
    expect(readReleaseReadinessConfig(new ConfigReader({ releaseReadiness: { schedule: { frequency: { minutes: 1 } } } })).schedule.frequency).toEqual({ minutes: 1 });
  });

  it('refuses a bad concurrency', () => {
    expect(() => readReleaseReadinessConfig(new ConfigReader({ releaseReadiness: { schedule: { concurrency: 0 } } }))).toThrow('concurrency');
  });
});
