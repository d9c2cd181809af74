import { ConfigReader } from '@backstage/config';
import { readReleaseReadinessConfig } from './config';

describe('readReleaseReadinessConfig', () => {
  it('has defaults: a daily sweep, 5 at once, a bounded refresh queue, no local roots', () => {
    expect(readReleaseReadinessConfig(new ConfigReader({}), '/srv')).toEqual({
      schedule: {
        frequency: { hours: 24 },
        timeout: { hours: 23 },
        initialDelay: undefined,
        scope: undefined,
      },
      concurrency: 5,
      rateLimitPauseMs: 15 * 60_000,
      maxRequestsPerHour: 1000,
      refresh: { concurrency: 4, maxQueued: 100, debounceMs: 1000 },
      localRoots: [],
      watchLocalSources: false,
      maxFileBytes: 1024 * 1024,
      notifications: { enabled: true },
      catalogSync: {
        frequency: { minutes: 5 },
        timeout: { minutes: 30 },
        initialDelay: undefined,
        scope: undefined,
      },
    });
  });

  it('reads the catalog mirror sync as a task schedule', () => {
    const options = readReleaseReadinessConfig(
      new ConfigReader({
        releaseReadiness: { catalogSync: { frequency: { seconds: 10 } } },
      }),
    );
    expect(options.catalogSync.frequency).toEqual({ seconds: 10 });
    expect(() =>
      readReleaseReadinessConfig(
        new ConfigReader({
          releaseReadiness: { catalogSync: { frequency: 'often' } },
        }),
      ),
    ).toThrow(/releaseReadiness\.catalogSync/);
  });

  it('reads the schedule as a Backstage task schedule, and roots relative to the working directory', () => {
    const options = readReleaseReadinessConfig(
      new ConfigReader({
        releaseReadiness: {
          schedule: {
            frequency: { cron: '*/5 * * * *' },
            timeout: 'PT2M',
            initialDelay: { seconds: 5 },
            scope: 'local',
            concurrency: 3,
            rateLimitPause: { minutes: 2 },
            maxRequestsPerHour: 4000,
          },
          refresh: {
            concurrency: 2,
            maxQueued: 10,
            debounce: { milliseconds: 250 },
          },
          localSources: { roots: ['../../services', '/abs'], watch: false },
          maxEvidenceFileBytes: 2048,
        },
      }),
      '/repo/examples/portal/backend',
    );
    expect(options).toMatchObject({
      schedule: {
        frequency: { cron: '*/5 * * * *' },
        initialDelay: { seconds: 5 },
        scope: 'local',
      },
      concurrency: 3,
      rateLimitPauseMs: 120_000,
      maxRequestsPerHour: 4000,
      refresh: { concurrency: 2, maxQueued: 10, debounceMs: 250 },
      localRoots: ['/repo/examples/services', '/abs'],
      watchLocalSources: false,
      maxFileBytes: 2048,
    });
    expect(options.schedule.timeout).toEqual({ minutes: 2 });
    const partial = readReleaseReadinessConfig(
      new ConfigReader({
        releaseReadiness: { schedule: { frequency: { minutes: 1 } } },
      }),
    );
    expect(partial.schedule).toMatchObject({
      frequency: { minutes: 1 },
      timeout: { hours: 23 },
    });
  });

  it('refuses bad values, naming the key', () => {
    expect(() =>
      readReleaseReadinessConfig(
        new ConfigReader({
          releaseReadiness: { schedule: { concurrency: 0 } },
        }),
      ),
    ).toThrow(
      'releaseReadiness.schedule.concurrency must be an integer from 1 to 100',
    );
    expect(() =>
      readReleaseReadinessConfig(
        new ConfigReader({
          releaseReadiness: { schedule: { maxRequestsPerHour: 309 } },
        }),
      ),
    ).toThrow(
      'releaseReadiness.schedule.maxRequestsPerHour must be an integer from 310 to 1000000',
    );
    expect(() =>
      readReleaseReadinessConfig(
        new ConfigReader({
          releaseReadiness: { refresh: { concurrency: 1.5 } },
        }),
      ),
    ).toThrow('releaseReadiness.refresh.concurrency');
    expect(() =>
      readReleaseReadinessConfig(
        new ConfigReader({
          releaseReadiness: { schedule: { scope: 'everywhere' } },
        }),
      ),
    ).toThrow(/releaseReadiness\.schedule: .*scope/);
  });
});
