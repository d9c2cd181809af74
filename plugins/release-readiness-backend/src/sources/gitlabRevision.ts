/**
 * Our own request for a GitLab project's head commit, made before any read of
 * it: `GET /projects/:id/repository/commits/:ref` of the REST API v4
 * (docs.gitlab.com, "Commits API": `:id` is the URL-encoded project path,
 * `:ref` a branch, tag or sha), with the integration's credentials from
 * `@backstage/integration`. GitLab answers no conditional request here, so
 * the head commit's id is compared with the one stored from the last read:
 * the same id means no file changed, and the reads are skipped. Unlike
 * Backstage's GitLab UrlReader (which drops the headers of a refused
 * answer), this request sees a 429's `Retry-After` and `RateLimit-Reset`
 * (docs.gitlab.com, "Rate limits"), so a rate limit comes back as a
 * {@link ScmRateLimitError} that says exactly when to try again.
 */
import {
  DefaultGitlabCredentialsProvider,
  getGitLabIntegrationRelativePath,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import parseGitUrl from 'git-url-parse';
import { rateLimitOfResponse, ScmRateLimitError } from './rateLimit';
import type { RevisionProbe } from './revisionProbe';
import { RevisionProbeResult } from './types';

/** The head commit of the ref a URL of a configured GitLab integration names. */
export class GitlabRevisionProbe implements RevisionProbe {
  private readonly credentials: DefaultGitlabCredentialsProvider;

  constructor(private readonly integrations: ScmIntegrationRegistry) {
    this.credentials =
      DefaultGitlabCredentialsProvider.fromIntegrations(integrations);
  }

  /**
   * The head commit of the ref `url` names, compared with `etag` (the commit
   * id of the last read). Every answer counts against GitLab's limits.
   * Undefined when the URL is not on a GitLab integration, names no ref,
   * GitLab cannot be reached, or it answers anything but 200 or a rate limit
   * (the reads that follow then decide). Rejects with
   * {@link ScmRateLimitError} on a 429.
   */
  async probe(
    url: string,
    options: { etag?: string; signal?: AbortSignal },
  ): Promise<RevisionProbeResult | undefined> {
    const gitlab = this.integrations.gitlab.byUrl(url);
    if (!gitlab) return undefined;
    let project: string;
    let ref: string;
    try {
      const parsed = parseGitUrl(url);
      // An instance under a path (`https://host/gitlab/…`) names projects without it.
      const relative = getGitLabIntegrationRelativePath(gitlab.config).replace(
        /^\/+|\/+$/g,
        '',
      );
      project =
        relative && parsed.full_name.startsWith(`${relative}/`)
          ? parsed.full_name.slice(relative.length + 1)
          : parsed.full_name;
      ref = parsed.ref;
    } catch {
      return undefined;
    }
    if (!project || !ref) return undefined;
    let res: Response;
    try {
      const { headers } = await this.credentials.getCredentials({ url });
      // Through the integration, so its `retry` settings (retries, requests per minute) apply.
      res = await gitlab.fetch(
        `${gitlab.config.apiBaseUrl}/projects/${encodeURIComponent(project)}/repository/commits/${encodeURIComponent(ref)}`,
        {
          headers: { ...headers, Accept: 'application/json' },
          signal: options.signal,
        },
      );
    } catch {
      // Unreachable or no credentials: the reads that follow decide, and say why.
      return undefined;
    }
    if (res.ok) {
      const body = (await res.json().catch(() => undefined)) as
        { id?: unknown } | undefined;
      const id = typeof body?.id === 'string' ? body.id : undefined;
      if (!id) return { kind: 'unknown', counted: true };
      return id === options.etag
        ? { kind: 'unchanged', counted: true }
        : { kind: 'changed', etag: id, counted: true };
    }
    await res.body?.cancel();
    const limited = rateLimitOfResponse(res.status, res.headers, Date.now());
    if (limited)
      throw new ScmRateLimitError(
        `GitLab answered ${res.status} for ${project} (${limited.said})`,
        limited.retryAfterMs,
        new URL(url).host,
      );
    return { kind: 'unknown', counted: true };
  }
}
