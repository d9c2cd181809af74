/**
 * How the backend reads a repository: one interface in front of Backstage's
 * UrlReader (GitHub, GitLab, Bitbucket, Azure…) and of local folders.
 */

/** Options of one read. */
export interface RepositoryReadOptions {
  /** Largest file read, in bytes. */
  maxBytes: number;
  /** ETag of the previous read; the reader answers `unchanged` when it still holds. */
  etag?: string;
  signal?: AbortSignal;
  /** Counts the requests of this read that the SCM counts against its rate limit (a 304 does not). */
  meter?: RequestMeter;
}

/** Requests an evaluation sent to the SCM that count against its rate limit, by host. */
export class RequestMeter {
  readonly counted = new Map<string, number>();
  /** Adds `n` counted requests to `url`'s host. */
  add(url: string, n = 1): void {
    const host = new URL(url).host;
    this.counted.set(host, (this.counted.get(host) ?? 0) + n);
  }
  /** Counted requests to `host` (all hosts when omitted). */
  total(host?: string): number {
    if (host !== undefined) return this.counted.get(host) ?? 0;
    let sum = 0;
    for (const n of this.counted.values()) sum += n;
    return sum;
  }
}

/**
 * The head commit of a repository's ref, by a conditional request: unchanged
 * since the ETag, changed (with the new ETag), or unknown (read everything).
 * `counted`: whether the SCM counted the request against its rate limit.
 */
export type RevisionProbeResult =
  | { kind: 'unchanged'; counted: boolean }
  | { kind: 'changed'; etag: string; counted: boolean }
  | { kind: 'unknown'; counted: boolean };

/** One file: missing, too large, unchanged since the ETag, or its bytes. */
export type RepositoryFileResult =
  | { kind: 'missing' }
  | { kind: 'too-large'; size: number }
  | { kind: 'unchanged' }
  | { kind: 'file'; content: Buffer; etag?: string };

/**
 * Named files of a folder, keyed by their path relative to the folder. A file
 * that exists but cannot be used (too large, outside the allowed roots) maps to
 * an Error; a missing file is absent.
 */
export type RepositoryFolderResult =
  | { kind: 'unchanged' }
  | { kind: 'files'; files: Map<string, Buffer | Error>; etag?: string };

/**
 * Whether a file exists, learnt without keeping its bytes: missing, over the
 * limit, there (within the limit), or unchanged since the ETag.
 */
export type RepositoryProbeResult =
  | { kind: 'missing' }
  | { kind: 'too-large'; size?: number }
  | { kind: 'unchanged' }
  | { kind: 'present'; etag?: string };

/**
 * Reads files of a repository by URL. Rejects when the repository itself
 * cannot be read (host unreachable, access refused, path outside the allowed
 * roots); a file that does not exist is not an error.
 */
export interface RepositoryReader {
  /** Reads a file; never holds more than `maxBytes` of it in memory. */
  readFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryFileResult>;
  /**
   * Checks that a file exists and is at most `maxBytes` long without keeping
   * it: the size is taken from the file system, or counted as the bytes stream
   * past (the read stops at the limit).
   */
  probeFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryProbeResult>;
  /**
   * The head commit of the ref `url` names, since `options.etag`, where the
   * SCM answers conditional requests for it (GitHub); undefined elsewhere.
   * Rejects with ScmRateLimitError on a rate-limit answer.
   */
  probeRevision?(
    url: string,
    options: { etag?: string; signal?: AbortSignal; meter?: RequestMeter },
  ): Promise<RevisionProbeResult | undefined>;
  /** Reads `paths` (relative to the folder URL, which ends with `/`). */
  readFolder(
    url: string,
    options: RepositoryReadOptions & { paths: string[] },
  ): Promise<RepositoryFolderResult>;
}
