/**
 * A fake GitLab on 127.0.0.1 speaking the REST API v4 as docs.gitlab.com
 * documents it, for what Backstage's GitLab UrlReader and our head-commit
 * request ask: a project (`GET /projects/:id`), a ref's commits (`GET
 * /projects/:id/repository/commits?ref_name=…` and `GET
 * /projects/:id/repository/commits/:sha`, where `:sha` may be a branch), a
 * raw file (`GET /projects/:id/repository/files/:file_path/raw?ref=…`) and
 * an archive (`GET /projects/:id/repository/archive?sha=…&path=…`). `:id` is
 * the URL-encoded project path. GitLab counts every request against its rate
 * limits; the fake can answer with one as the "Rate limits" page documents:
 * 429 `Retry later` with `Retry-After` (seconds) and the `RateLimit-*`
 * headers.
 */
import { createHash } from 'crypto';
import { IncomingMessage, ServerResponse } from 'http';
import { createGzip } from 'zlib';
import { JsonObject } from '@backstage/types';
import { FakeGithubRequest, writeTar } from './fakeGithubServer';
import { LoopbackServer, startLoopbackServer } from './loopbackServer';
import { FakeScm } from './scmSetup';

interface Project {
  sha: string;
  files: Map<string, Buffer>;
}

/** GitLab refusing requests until `until` (epoch ms), saying `Retry-After: retryAfterSeconds`. */
export interface GitlabLimit {
  until: number;
  retryAfterSeconds: number;
}

export class FakeGitlabServer implements FakeScm {
  private server?: LoopbackServer;
  private readonly projects = new Map<string, Project>();
  private commit = 1;
  limit?: GitlabLimit;
  /** Requests GitLab counts (all but those refused), and those refused. */
  counted = 0;
  limited = 0;
  /** Archive downloads: one per read of a changed evidence folder. */
  archives = 0;
  /** Every request, in order of arrival. */
  readonly log: FakeGithubRequest[] = [];
  /** `http://127.0.0.1:<port>`: the web URLs of the projects. */
  baseUrl = '';
  host = '';

  get apiBaseUrl(): string {
    return `${this.baseUrl}/api/v4`;
  }

  async start(): Promise<void> {
    this.server = await startLoopbackServer((req, res) =>
      this.handle(req, res),
    );
    this.host = this.server.host;
    this.baseUrl = `http://${this.host}`;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  integrations(): JsonObject {
    return {
      gitlab: [
        {
          host: this.host,
          baseUrl: this.baseUrl,
          apiBaseUrl: this.apiBaseUrl,
          token: 'glpat-test',
        },
      ],
    };
  }

  sourceLocation(fullName: string): string {
    return `url:${this.baseUrl}/${fullName}/-/tree/main/`;
  }

  setRepo(fullName: string, files: Record<string, string | Buffer>): void {
    this.projects.set(fullName, {
      sha: createHash('sha1')
        .update(`${fullName}:${this.commit++}`)
        .digest('hex'),
      files: new Map(
        Object.entries(files).map(([p, c]) => [
          p,
          typeof c === 'string' ? Buffer.from(c) : c,
        ]),
      ),
    });
  }

  private refuse(res: ServerResponse) {
    this.limited++;
    const { until, retryAfterSeconds } = this.limit!;
    res.writeHead(429, {
      'content-type': 'text/plain',
      'ratelimit-name': 'throttle_authenticated_api',
      'ratelimit-limit': '60',
      'ratelimit-observed': '67',
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(Math.ceil(until / 1000)),
      'ratelimit-resettime': new Date(until).toUTCString(),
      'retry-after': String(retryAfterSeconds),
    });
    res.end('Retry later\n');
  }

  private notFound(res: ServerResponse, what: string) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `404 ${what} Not Found` }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, this.baseUrl);
    const entry: FakeGithubRequest = {
      at: Date.now(),
      path: `${url.pathname}${url.search}`,
      limited: false,
      counted: false,
    };
    this.log.push(entry);
    if (this.limit && Date.now() >= this.limit.until) this.limit = undefined;
    if (this.limit) {
      entry.limited = true;
      this.refuse(res);
      return;
    }
    this.counted++;
    entry.counted = true;
    // The path as sent: `:id` and `:file_path` are URL-encoded single segments.
    const match =
      /^\/api\/v4\/projects\/([^/]+)(?:\/repository\/(commits|files|archive)(?:\/([^/]+))?(\/raw)?)?$/.exec(
        url.pathname,
      );
    const project = match && this.projects.get(decodeURIComponent(match[1]));
    if (!match || !project) {
      this.notFound(res, 'Project');
      return;
    }
    const [, id, kind, segment, raw] = match;
    const ref =
      url.searchParams.get('ref') ??
      url.searchParams.get('ref_name') ??
      url.searchParams.get('sha') ??
      (kind === 'commits' ? decodeURIComponent(segment ?? '') : '') ??
      'main';
    // One branch, `main`; a commit may also be named by its sha.
    if (kind && ref && ref !== 'main' && ref !== project.sha) {
      this.notFound(res, kind === 'commits' ? 'Commit' : 'File');
      return;
    }
    const commit = { id: project.sha, short_id: project.sha.slice(0, 8) };
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!kind) {
      const path = decodeURIComponent(id);
      json({ id: 1, path_with_namespace: path, default_branch: 'main' });
    } else if (kind === 'commits') {
      json(segment ? commit : [commit]);
    } else if (kind === 'files' && segment && raw) {
      const content = project.files.get(decodeURIComponent(segment));
      if (!content) {
        this.notFound(res, 'File');
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/plain',
        'content-length': content.byteLength,
      });
      res.end(content);
    } else if (kind === 'archive') {
      this.archives++;
      // Entries under `<project>-<ref>-<sha>/`, only those under `path` when given.
      const prefix = url.searchParams.get('path')?.replace(/\/?$/, '/') ?? '';
      const name = decodeURIComponent(id).split('/').pop();
      // GitLab's default format is tar.gz.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const gzip = createGzip();
      gzip.pipe(res);
      await writeTar(
        gzip,
        `${name}-${ref}-${project.sha}`,
        [...project.files].filter(([p]) => p.startsWith(prefix)),
      );
    } else this.notFound(res, 'Route');
  }
}
