/**
 * SCM rate-limit answers, read from the response headers as the SCMs document
 * them:
 *
 * - GitHub ("Rate limits for the REST API", docs.github.com): a primary or
 *   secondary limit answers 403 or 429. With `retry-after`, wait that many
 *   seconds; else with `x-ratelimit-remaining: 0`, wait until
 *   `x-ratelimit-reset` (epoch seconds); else (a secondary limit that names no
 *   time) wait at least one minute.
 * - GitLab ("Rate limits", docs.gitlab.com): 429 with `Retry-After` (seconds)
 *   and `RateLimit-Reset` (epoch seconds).
 *
 * `Retry-After` may also be an HTTP-date (RFC 9110, section 10.2.3).
 */
import { CustomErrorBase } from '@backstage/errors';

/**
 * The SCM refused a request because of its rate limit. The entity keeps its
 * last result, marked stale. `retryAfterMs` is known when the answer said when
 * to try again (or the limit's reset); `host` is the SCM host refused.
 */
export class ScmRateLimitError extends CustomErrorBase {
  name = 'ScmRateLimitError' as const;
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    readonly host?: string,
  ) {
    super(message);
  }
}

/** What GitHub says to do when a secondary limit names no time: wait at least a minute. */
export const SECONDARY_LIMIT_WAIT_MS = 60_000;

type Headers = { get(name: string): string | null };

/** Milliseconds from `now` named by a `Retry-After` value (delta seconds or an HTTP-date); undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | null,
  now: number,
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Milliseconds from `now` until an epoch-seconds reset header; undefined when absent. */
function resetMs(value: string | null, now: number): number | undefined {
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  const seconds = Number(value.trim());
  // GitLab's and GitHub's resets are epoch seconds; a small number is a delta (IETF RateLimit draft).
  return seconds > 1e9 ? Math.max(0, seconds * 1000 - now) : seconds * 1000;
}

/**
 * Whether an answer is a rate-limit refusal, and until when: undefined for any
 * other answer. `body` is the start of a 403's body (GitHub words a secondary
 * limit without headers only there).
 */
export function rateLimitOfResponse(
  status: number,
  headers: Headers,
  now: number,
  body = '',
): { retryAfterMs: number; said: string } | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined)
    return {
      retryAfterMs: retryAfter,
      said: `Retry-After: ${headers.get('retry-after')}`,
    };
  const remaining =
    headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining');
  const reset = resetMs(
    headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset'),
    now,
  );
  if (remaining?.trim() === '0' && reset !== undefined)
    return {
      retryAfterMs: reset,
      said: `rate limit reset at ${new Date(now + reset).toISOString()}`,
    };
  if (status === 429 || /rate limit/i.test(body))
    return {
      retryAfterMs: reset ?? SECONDARY_LIMIT_WAIT_MS,
      said:
        reset !== undefined
          ? `rate limit reset at ${new Date(now + reset).toISOString()}`
          : 'no time named; waiting one minute as GitHub advises',
    };
  return undefined;
}

/**
 * A rate-limit refusal as a reader's error says it: our own
 * {@link ScmRateLimitError}, or the wording of Backstage's UrlReaders (which
 * drop the response headers: `… 403 Forbidden (rate limit exceeded)`, `429`).
 */
export function rateLimitOf(
  error: unknown,
): { retryAfterMs?: number } | undefined {
  if (error instanceof ScmRateLimitError)
    return { retryAfterMs: error.retryAfterMs };
  const message = error instanceof Error ? error.message : String(error);
  if (!/rate limit|\b429\b|too many requests|retry-after/i.test(message))
    return undefined;
  const retryAfter = /retry-after:?\s*(\d+)/i.exec(message);
  return {
    retryAfterMs: retryAfter ? Number(retryAfter[1]) * 1000 : undefined,
  };
}
