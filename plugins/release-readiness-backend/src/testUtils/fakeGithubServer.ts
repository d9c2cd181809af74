/**
 * A fake GitHub REST API on 127.0.0.1 for Backstage's GitHub UrlReader (set
 * `integrations.github[].apiBaseUrl` to {@link FakeGithubServer.apiBaseUrl}):
 * file contents (`/repos/o/r/contents/…`, raw, with ETags and 304s), the
 * commit status a tree read starts with, the tarball, and `/rate_limit`. It
 * head commit of a ref (`/repos/o/r/commits/{ref}`, `Accept:
 * application/vnd.github.sha`, ETag and 304). It counts requests as GitHub
 * does (a 304 to a conditional request is free), logs when each arrived, and
 * can answer with its rate limit as GitHub documents it: a primary limit (403
 * with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`) until the reset, or
 * a secondary limit (429 or 403, with `Retry-After` in seconds or as an
 * HTTP-date, or with only the message).
 */
import { createHash } from 'crypto';
import { IncomingMessage, ServerResponse } from 'http';
import { Writable } from 'stream';
import * as tar from 'tar';
import { JsonObject } from '@backstage/types';
import { LoopbackServer, startLoopbackServer } from './loopbackServer';
import { FakeScm } from './scmSetup';

/** A file's content, or only its size (streamed as that many bytes of `#`, never held in memory). */
export type FakeFile = string | Buffer | { size: number };

interface Repo {
  sha: string;
  files: Map<string, Buffer | { size: number }>;
}

const CHUNK = Buffer.alloc(1024 * 1024, '#');

/** Writes `size` bytes of `#` to `res`, respecting back-pressure; stops when the client goes. */
async function writeSized(res: Writable, size: number) {
  let left = size;
  while (left > 0 && !res.destroyed) {
    const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
    left -= chunk.length;
    if (!res.write(chunk))
      await new Promise(resolve => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
  }
}

const sizeOf = (c: Buffer | { size: number }) =>
  Buffer.isBuffer(c) ? c.byteLength : c.size;
const etagOf = (c: Buffer | { size: number }) =>
  `"${createHash('sha1')
    .update(Buffer.isBuffer(c) ? c : `size:${c.size}`)
    .digest('hex')}"`;

/**
 * Streams `files` as a tar whose entries sit under the folder `top`, entry by
 * entry (sized files are never held in memory), and ends `res`.
 */
export async function writeTar(
  res: Writable,
  top: string,
  files: Iterable<[string, Buffer | { size: number }]>,
): Promise<void> {
  const now = new Date();
  for (const [path, content] of files) {
    const header = new tar.Header({
      path: `${top}/${path}`,
      mode: 0o644,
      size: sizeOf(content),
      mtime: now,
      type: 'File',
    });
    const block = Buffer.alloc(512);
    header.encode(block);
    res.write(block);
    if (Buffer.isBuffer(content)) res.write(content);
    else await writeSized(res, content.size);
    const pad = (512 - (sizeOf(content) % 512)) % 512;
    if (pad) res.write(Buffer.alloc(pad));
  }
  res.end(Buffer.alloc(1024));
}

export type GithubLimit =
  | { kind: 'primary'; resetAt: number }
  | {
      kind: 'secondary';
      /** Until when requests are refused (epoch ms). */
      until: number;
      /** `Retry-After` in seconds; absent: the answer names no time. */
      retryAfterSeconds?: number;
      /** Send `Retry-After` as an HTTP-date (of `until`) instead of seconds. */
      retryAfterDate?: boolean;
      /** 429 (default) or 403, both documented by GitHub. */
      status?: 403 | 429;
    };

/** One request as the fake saw it. */
export interface FakeGithubRequest {
  /** Epoch ms when it arrived. */
  at: number;
  path: string;
  /** Refused by the rate limit. */
  limited: boolean;
  /** Counted against the rate limit (not a 304, not refused). */
  counted: boolean;
}

export class FakeGithubServer implements FakeScm {
  private server?: LoopbackServer;
  private readonly repos = new Map<string, Repo>();
  private commit = 1;
  limit?: GithubLimit;
  /** Requests that count against the rate limit, and 304s that do not. */
  counted = 0;
  conditional304 = 0;
  limited = 0;
  /** Every request but `/rate_limit`, in order of arrival. */
  readonly log: FakeGithubRequest[] = [];
  apiBaseUrl = '';

  async start(): Promise<void> {
    this.server = await startLoopbackServer((req, res) =>
      this.handle(req, res),
    );
    this.apiBaseUrl = `http://${this.server.host}`;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  /** `integrations` config that points Backstage's GitHub reader (and ours) at this fake, for github.com. */
  integrations(): JsonObject {
    return {
      github: [
        { host: 'github.com', apiBaseUrl: this.apiBaseUrl, token: 't0k' },
      ],
    };
  }

  /** The `backstage.io/source-location` of repository `owner/name` on github.com (main branch). */
  sourceLocation(fullName: string): string {
    return `url:https://github.com/${fullName}/tree/main/`;
  }

  /** Replaces a repository's files (a new commit). */
  setRepo(fullName: string, files: Record<string, FakeFile>): void {
    this.repos.set(fullName, {
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
      let retryAfter: string | undefined;
      if (limit.retryAfterDate)
        retryAfter = new Date(limit.until).toUTCString();
      else if (limit.retryAfterSeconds !== undefined)
        retryAfter = String(limit.retryAfterSeconds);
      res.writeHead(limit.status ?? 429, {
        'content-type': 'application/json',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4000',
        'x-ratelimit-reset': String(Math.ceil((Date.now() + 3600_000) / 1000)),
        ...(retryAfter ? { 'retry-after': retryAfter } : {}),
      });
      res.end(
        JSON.stringify({
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
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
    const entry: FakeGithubRequest = {
      at: Date.now(),
      path: url.pathname,
      limited: false,
      counted: false,
    };
    this.log.push(entry);
    const count = () => {
      this.counted++;
      entry.counted = true;
    };
    if (this.limitedNow()) {
      entry.limited = true;
      this.refuse(res);
      return;
    }
    const match =
      /^\/repos\/([^/]+\/[^/]+)\/(contents|commits|tarball)\/(.*)$/.exec(
        url.pathname,
      );
    const repo = match && this.repos.get(match[1]);
    if (!match || !repo) {
      count();
      res.writeHead(404).end('{"message":"Not Found"}');
      return;
    }
    const [, fullName, kind, rest] = match;
    if (kind === 'commits' && !rest.endsWith('/status')) {
      // The head commit of a ref as its sha (Accept: application/vnd.github.sha), with an ETag.
      const etag = `"${repo.sha}"`;
      if (req.headers['if-none-match'] === etag) {
        this.conditional304++;
        res.writeHead(304, { etag }).end();
        return;
      }
      count();
      res.writeHead(200, { etag, 'content-type': 'text/plain' });
      res.end(repo.sha);
      return;
    }
    if (kind === 'contents') {
      const path = decodeURIComponent(rest);
      const content = repo.files.get(path);
      if (!content) {
        count();
        res.writeHead(404).end('{"message":"Not Found"}');
        return;
      }
      const etag = etagOf(content);
      if (req.headers['if-none-match'] === etag) {
        this.conditional304++;
        res.writeHead(304, { etag }).end();
        return;
      }
      count();
      res.writeHead(200, { etag, 'content-length': sizeOf(content) });
      if (Buffer.isBuffer(content)) res.end(content);
      else {
        await writeSized(res, content.size);
        res.end();
      }
      return;
    }
    count();
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
    // tarball/<sha>: a tar whose entries sit under `<owner>-<repo>-<sha>/`, as GitHub's
    // do; streamed entry by entry (GitHub gzips it; the reader accepts either).
    res.writeHead(200, { 'content-type': 'application/x-tar' });
    await writeTar(
      res,
      `${fullName.replace('/', '-')}-${repo.sha.slice(0, 7)}`,
      repo.files,
    );
  }
}
