/**
 * When an SCM's rate limit resets. Backstage's GitHub UrlReader words a
 * rate-limit answer as `… 403 Forbidden (rate limit exceeded)` and drops its
 * headers (`x-ratelimit-reset`, `retry-after`), so the sweep asks GitHub's
 * `GET /rate_limit` (docs.github.com, "Rate limit" REST API: it does not count
 * against the limit) with the integration's credentials for the same URL.
 */
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';

/** Milliseconds until the limit that refused a read of `url` resets; undefined when unknown. */
export type RateLimitReset = (url: string) => Promise<number | undefined>;

/** The reset of GitHub's primary limit for GitHub URLs (github.com or GitHub Enterprise from `integrations.github`). */
export function githubRateLimitReset(config: Config): RateLimitReset {
  const integrations = ScmIntegrations.fromConfig(config);
  const credentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return async url => {
    const github = integrations.github.byUrl(url);
    if (!github?.config.apiBaseUrl) return undefined;
    const { headers } = await credentials.getCredentials({ url });
    const res = await fetch(`${github.config.apiBaseUrl}/rate_limit`, {
      headers: { ...headers, Accept: 'application/vnd.github+json' },
      signal: AbortSignal.timeout(10_000),
    });
    const retryAfter = Number(res.headers.get('retry-after'));
    if (retryAfter > 0) return retryAfter * 1000;
    if (!res.ok) return undefined;
    const body = (await res.json()) as {
      resources?: { core?: { remaining?: number; reset?: number } };
    };
    const core = body.resources?.core;
    // A secondary limit leaves the primary one with requests to spare: unknown.
    if (core?.remaining !== 0 || typeof core.reset !== 'number')
      return undefined;
    return Math.max(0, core.reset * 1000 - Date.now());
  };
}
