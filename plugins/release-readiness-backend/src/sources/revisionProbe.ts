/**
 * The "revision probe": one request of our own for the head commit of the
 * ref a repository URL names, made before any read of it, so that an
 * unchanged repository is not read again and a rate-limit answer is seen with
 * its headers (Backstage's UrlReaders drop them). One implementation per SCM
 * (GitHub: githubRevision.ts, GitLab: gitlabRevision.ts), chosen by the
 * integration (`integrations.*` in the app config) the URL belongs to.
 */
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GithubRevisionProbe } from './githubRevision';
import { GitlabRevisionProbe } from './gitlabRevision';
import { RevisionProbeResult } from './types';

/** Asks an SCM for the head commit of a URL's ref. */
export interface RevisionProbe {
  /**
   * The head commit of the ref `url` names, compared with `options.etag` (what
   * the last probe returned as `etag`): unchanged, changed (with the new
   * etag), or unknown. Undefined when this SCM cannot say (no integration or
   * API for the URL, no ref, unreachable): the reads then decide. Rejects with
   * ScmRateLimitError on a rate-limit answer, with the wait the SCM named.
   */
  probe(
    url: string,
    options: { etag?: string; signal?: AbortSignal },
  ): Promise<RevisionProbeResult | undefined>;
}

/** The probe of the URL's integration: GitHub or GitLab; undefined for the others. */
export class ScmRevisionProbe implements RevisionProbe {
  private constructor(
    private readonly integrations: ScmIntegrations,
    private readonly byType: Partial<Record<string, RevisionProbe>>,
  ) {}

  static fromConfig(config: Config): ScmRevisionProbe {
    const integrations = ScmIntegrations.fromConfig(config);
    return new ScmRevisionProbe(integrations, {
      github: new GithubRevisionProbe(integrations),
      gitlab: new GitlabRevisionProbe(integrations),
    });
  }

  async probe(
    url: string,
    options: { etag?: string; signal?: AbortSignal },
  ): Promise<RevisionProbeResult | undefined> {
    let type: string | undefined;
    try {
      type = this.integrations.byUrl(url)?.type;
    } catch {
      return undefined;
    }
    return type ? this.byType[type]?.probe(url, options) : undefined;
  }
}
