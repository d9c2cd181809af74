/**
 * Reading a rate-limit answer's headers as GitHub and GitLab document them.
 */
import {
  rateLimitOf,
  rateLimitOfResponse,
  ScmRateLimitError,
  SECONDARY_LIMIT_WAIT_MS,
} from './rateLimit';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const headers = (h: Record<string, string>) => new Headers(h);

describe('rateLimitOfResponse', () => {
  it('takes Retry-After in seconds first (GitHub secondary limit, GitLab 429)', () => {
    expect(
      rateLimitOfResponse(
        429,
        headers({ 'retry-after': '30', 'ratelimit-reset': '1796400000' }),
        NOW,
      ),
    ).toEqual({ retryAfterMs: 30_000, said: 'Retry-After: 30' });
  });

  it('takes Retry-After as an HTTP-date', () => {
    const at = new Date(NOW + 90_000).toUTCString();
    expect(
      rateLimitOfResponse(403, headers({ 'retry-after': at }), NOW)
        ?.retryAfterMs,
    ).toBe(90_000);
  });

  it('waits until x-ratelimit-reset when no requests remain (GitHub primary limit)', () => {
    const reset = Math.round((NOW + 1_800_000) / 1000);
    expect(
      rateLimitOfResponse(
        403,
        headers({
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        }),
        NOW,
      ),
    ).toEqual({
      retryAfterMs: 1_800_000,
      said: 'rate limit reset at 2026-12-04T12:30:00.000Z',
    });
  });

  it("waits until GitLab's RateLimit-Reset on a 429 without Retry-After", () => {
    const reset = Math.round((NOW + 45_000) / 1000);
    expect(
      rateLimitOfResponse(
        429,
        headers({
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(reset),
        }),
        NOW,
      )?.retryAfterMs,
    ).toBe(45_000);
  });

  it('waits a minute on a GitHub secondary limit that names no time', () => {
    expect(
      rateLimitOfResponse(
        403,
        headers({ 'x-ratelimit-remaining': '4000' }),
        NOW,
        '{"message":"You have exceeded a secondary rate limit."}',
      )?.retryAfterMs,
    ).toBe(SECONDARY_LIMIT_WAIT_MS);
  });

  it('is not a rate limit: 403 for access, other statuses', () => {
    expect(
      rateLimitOfResponse(
        403,
        headers({ 'x-ratelimit-remaining': '4000' }),
        NOW,
        '{"message":"Resource not accessible by integration"}',
      ),
    ).toBeUndefined();
    expect(
      rateLimitOfResponse(500, headers({ 'retry-after': '5' }), NOW),
    ).toBeUndefined();
  });
});

describe('rateLimitOf', () => {
  it("keeps our error's wait and reads the UrlReaders' wording", () => {
    expect(rateLimitOf(new ScmRateLimitError('limited', 1234))).toEqual({
      retryAfterMs: 1234,
    });
    expect(
      rateLimitOf(
        new Error(
          'Request failed for https://x, 403 Forbidden (rate limit exceeded)',
        ),
      ),
    ).toEqual({ retryAfterMs: undefined });
    expect(rateLimitOf(new Error('404 Not Found'))).toBeUndefined();
  });
});
