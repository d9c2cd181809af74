/**
 * The sweep's pacing over a day, on a virtual clock (@sinonjs/fake-timers
 * fakes Date and the timers, so a 10,000-entity sweep that takes hours runs in
 * seconds): the plugin's own ScmRequestBudget (rate-limiter-flexible, in
 * memory here; the same arithmetic as the database-backed one) in front of
 * `concurrency` workers, as evaluateAll runs them. Each entity costs what the
 * loopback run against the fake GitHub measured (counted requests of an
 * unchanged and of a changed repository), its requests spaced by an assumed
 * GitHub latency. Reported: the peak counted requests in any sliding hour and
 * how long the sweep took; the baseline is the same sweep without the budget.
 */
import { install } from '@sinonjs/fake-timers';
import {
  EVALUATION_RESERVE,
  ScmRequestBudget,
} from '../../plugins/release-readiness-backend/src/service/budget';
import { RequestMeter } from '../../plugins/release-readiness-backend/src/sources';

const HOUR = 3_600_000;
const URL = 'https://github.com/acme/x';

export interface PacingScenario {
  entities: number;
  /** Entities whose repository changed since the last sweep (the rest cost `unchangedCost`). */
  changed: number;
  unchangedCost: number;
  changedCost: number;
  concurrency: number;
  /** `releaseReadiness.schedule.maxRequestsPerHour`; undefined: no budget (the baseline). */
  maxRequestsPerHour?: number;
  /** Milliseconds per request (GitHub's latency; assumed). */
  requestMs: number;
  /** The sweep's timeout, in ms: the scheduler aborts it then. */
  timeoutMs: number;
}

export interface PacingResult {
  peakRequestsInAnyHour: number;
  totalRequests: number;
  entitiesEvaluated: number;
  sweepHours: number;
}

/** Most entries of sorted `times` within any span of `span` ms. */
function peakWithin(times: number[], span: number): number {
  let peak = 0;
  for (let start = 0, end = 0; start < times.length; start++) {
    while (end < times.length && times[end] < times[start] + span) end++;
    peak = Math.max(peak, end - start);
  }
  return peak;
}

export async function simulatePacing(s: PacingScenario): Promise<PacingResult> {
  const clock = install({
    toFake: ['Date', 'setTimeout', 'clearTimeout'],
    now: 0,
    loopLimit: 100_000_000,
  });
  try {
    const budget = s.maxRequestsPerHour
      ? await ScmRequestBudget.create({ maxRequests: s.maxRequestsPerHour })
      : undefined;
    const times: number[] = [];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), s.timeoutMs);
    // Changed repositories spread evenly through the catalog.
    const every = s.changed ? s.entities / s.changed : Infinity;
    let next = 0;
    let evaluated = 0;
    const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
    const worker = async () => {
      while (next < s.entities && !controller.signal.aborted) {
        const i = next++;
        const cost =
          Math.floor((i + 1) / every) > Math.floor(i / every)
            ? s.changedCost
            : s.unchangedCost;
        const reservation = budget
          ? await budget.reserve(
              'github.com',
              EVALUATION_RESERVE,
              controller.signal,
            )
          : undefined;
        if (budget && !reservation) return;
        const meter = new RequestMeter();
        // The head-commit request is always sent (a free 304 when unchanged).
        await sleep(s.requestMs);
        for (let r = 0; r < cost; r++) {
          if (r > 0) await sleep(s.requestMs);
          times.push(Date.now());
          meter.add(URL);
        }
        if (budget && reservation) await budget.settle(reservation, meter);
        evaluated++;
      }
    };
    const started = Date.now();
    let end = 0;
    const run = Promise.all(Array.from({ length: s.concurrency }, worker)).then(
      () => {
        end = Date.now();
      },
    );
    await clock.runAllAsync();
    await run;
    return {
      peakRequestsInAnyHour: peakWithin(times, HOUR),
      totalRequests: times.length,
      entitiesEvaluated: evaluated,
      sweepHours: Math.round(((end - started) / HOUR) * 100) / 100,
    };
  } finally {
    clock.uninstall();
  }
}
