/**
 * A fake GitHub REST API on 127.0.0.1 for Backstage's GitHub UrlReader (set
 * `integrations.github[].apiBaseUrl` to {@link FakeGithubServer.apiBaseUrl}):
 * file contents (`/repos/o/r/contents/…`, raw, with ETags and 304s), the
 * commit status a tree read starts with, the tarball, and `/rate_limit`. It
 * counts requests as GitHub does (a 304 to a conditional request is free) and
 * can answer with its rate limit: 403 with `x-ratelimit-remaining: 0` until the
 * reset, or 429 with `Retry-After`.
 */
import { createHash } from 'crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import * as tar from 'tar';

interface Repo {
  sha: string;
  files: Map<string, Buffer>;
}

export type GithubLimit =
  | { kind: 'primary'; resetAt: number }
  | { kind: 'secondary'; retryAfterSeconds: number; until: number };

export class FakeGithubServer {
  private server?: Server;
  private readonly repos = new Map<string, Repo>();
  private commit = 1;
  limit?: GithubLimit;
  /** Requests that count against the rate limit, and 304s that do not. */
  counted = 0;
  conditional304 = 0;
  limited = 0;
  apiBaseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(e => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = this.server.address() as AddressInfo;
    this.apiBaseUrl = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** Replaces a repository's files (a new commit). */
  setRepo(fullName: string, files: Record<string, string | Buffer>): void {
    this.repos.set(fullName, {
      sha: createHash('sha1')
        .update(`${fullName}:${this.commit++}`)
        .digest('hex'),
      files: new Map(
        Object.entries(files).map(([p, c]) => [
          p,
          Buffer.isBuffer(c) ? c : Buffer.from(c),
        ]),
      ),
    });
  }

  private limitedNow(): boolean {
    const now = Date.now();
    if (this.limit?.kind === 'primary' && now >= this.limit.resetAt)
      this.limit = undefined;
    if (this.limit?.kind === 'secondary' && now >= this.limit.until)
      this.limit = undefined;
    return Boolean(this.limit);
  }

  private refuse(res: ServerResponse) {
    this.limited++;
    const limit = this.limit!;
    if (limit.kind === 'primary') {
      res.writeHead(403, {
        'content-type': 'application/json',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(Math.ceil(limit.resetAt / 1000)),
        'x-ratelimit-resource': 'core',
      });
      res.end(
        JSON.stringify({
          message: 'API rate limit exceeded for user ID 1.',
          documentation_url:
            'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
        }),
      );
    } else {
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(limit.retryAfterSeconds),
      });
      res.end(
        JSON.stringify({
          message: 'You have exceeded a secondary rate limit.',
        }),
      );
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, this.apiBaseUrl);
    if (url.pathname === '/rate_limit') {
      const primary = this.limitedNow() && this.limit?.kind === 'primary';
      const reset = Math.ceil(
        (primary && this.limit?.kind === 'primary'
          ? this.limit.resetAt
          : Date.now() + 3600_000) / 1000,
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          resources: {
            core: { limit: 5000, remaining: primary ? 0 : 4000, reset },
          },
        }),
      );
      return;
    }
    if (this.limitedNow()) {
      this.refuse(res);
      return;
    }
    const match =
      /^\/repos\/([^/]+\/[^/]+)\/(contents|commits|tarball)\/(.*)$/.exec(
        url.pathname,
      );
    const repo = match && this.repos.get(match[1]);
    if (!match || !repo) {
      this.counted++;
      res.writeHead(404).end('{"message":"Not Found"}');
      return;
    }
    const [, fullName, kind, rest] = match;
    if (kind === 'contents') {
      const path = decodeURIComponent(rest);
      const content = repo.files.get(path);
      if (!content) {
        this.counted++;
        res.writeHead(404).end('{"message":"Not Found"}');
        return;
      }
      const etag = `"${createHash('sha1').update(content).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) {
        this.conditional304++;
        res.writeHead(304, { etag }).end();
        return;
      }
      this.counted++;
      res.writeHead(200, { etag, 'content-length': content.byteLength });
      res.end(content);
      return;
    }
    this.counted++;
    if (kind === 'commits') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          sha: repo.sha,
          repository: {
            full_name: fullName,
            archive_url: `${this.apiBaseUrl}/repos/${fullName}/{archive_format}{/ref}`,
          },
        }),
      );
      return;
    }
    // tarball/<sha>: a gzipped tar whose entries sit under `<owner>-<repo>-<sha>/`, as GitHub's do.
    const dir = mkdtempSync(join(tmpdir(), 'fake-github-'));
    const top = `${fullName.replace('/', '-')}-${repo.sha.slice(0, 7)}`;
    try {
      for (const [path, content] of repo.files) {
        mkdirSync(dirname(join(dir, top, path)), { recursive: true });
        writeFileSync(join(dir, top, path), content);
      }
      res.writeHead(200, { 'content-type': 'application/x-gzip' });
      await new Promise<void>((resolve, reject) => {
        const stream = tar.create({ gzip: true, cwd: dir, portable: true }, [
          top,
        ]);
        stream.on('error', reject);
        stream.on('end', resolve);
        stream.pipe(res);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
