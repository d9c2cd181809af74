/**
 * Our own conditional request for a GitHub repository's head commit, made
 * before any read of it: `GET /repos/{owner}/{repo}/commits/{ref}` with
 * `Accept: application/vnd.github.sha` and `If-None-Match` (docs.github.com,
 * "Get a commit" and "Conditional requests": a 304 does not count against the
 * primary rate limit). An unchanged repository then costs no counted request
 * at all, and, unlike Backstage's GitHub UrlReader (which drops the headers of
 * a refused answer), this request sees `retry-after` and `x-ratelimit-*`, so a
 * rate limit comes back as a {@link ScmRateLimitError} that says exactly when
 * to try again. Credentials come from `@backstage/integration`, as the
 * UrlReader's do (tokens or GitHub Apps).
 */
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import parseGitUrl from 'git-url-parse';
import { rateLimitOfResponse, ScmRateLimitError } from './rateLimit';
import type { RevisionProbe } from './revisionProbe';
import { RevisionProbeResult } from './types';

/** Conditional head-commit requests for URLs of configured GitHub integrations. */
export class GithubRevisionProbe implements RevisionProbe {
  private readonly credentials: GithubCredentialsProvider;

  constructor(private readonly integrations: ScmIntegrationRegistry) {
    this.credentials =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  }

  /**
   * The head commit of the ref `url` names, since `etag`. Undefined when the
   * URL is not on a GitHub integration with an API, names no ref, GitHub
   * cannot be reached, or it answers anything but 200/304 or a rate limit (the
   * reads that follow then decide). Rejects with {@link ScmRateLimitError} on a rate-limit answer.
   */
  async probe(
    url: string,
    options: { etag?: string; signal?: AbortSignal },
  ): Promise<RevisionProbeResult | undefined> {
    const github = this.integrations.github.byUrl(url);
    const apiBaseUrl = github?.config.apiBaseUrl;
    if (!apiBaseUrl) return undefined;
    let parsed;
    try {
      parsed = parseGitUrl(url);
    } catch {
      return undefined;
    }
    if (!parsed.ref || !parsed.owner || !parsed.name) return undefined;
    let res: Response;
    try {
      const { headers } = await this.credentials.getCredentials({ url });
      res = await fetch(
        `${apiBaseUrl}/repos/${encodeURIComponent(parsed.owner)}/${encodeURIComponent(parsed.name)}/commits/${encodeURIComponent(parsed.ref)}`,
        {
          headers: {
            ...headers,
            Accept: 'application/vnd.github.sha',
            'X-GitHub-Api-Version': '2022-11-28',
            ...(options.etag ? { 'If-None-Match': options.etag } : {}),
          },
          signal: options.signal,
        },
      );
    } catch {
      // Unreachable or no credentials: the reads that follow decide, and say why.
      return undefined;
    }
    const host = new URL(url).host;
    if (res.status === 304) return { kind: 'unchanged', counted: false };
    if (res.ok) {
      const sha = (await res.text()).trim();
      const etag = res.headers.get('etag') ?? (sha ? `"${sha}"` : undefined);
      return etag
        ? { kind: 'changed', etag, counted: true }
        : { kind: 'unknown', counted: true };
    }
    const body = res.status === 403 ? (await res.text()).slice(0, 2000) : '';
    if (res.status !== 403) await res.body?.cancel();
    const limited = rateLimitOfResponse(
      res.status,
      res.headers,
      Date.now(),
      body,
    );
    if (limited)
      throw new ScmRateLimitError(
        `GitHub answered ${res.status} for ${parsed.full_name} (${limited.said})`,
        limited.retryAfterMs,
        host,
      );
    return { kind: 'unknown', counted: true };
  }
}
