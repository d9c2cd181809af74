import { UrlReaderService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  replaceGitLabUrlType,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { Readable } from 'stream';
import {
  RepositoryFileResult,
  RepositoryFolderResult,
  RepositoryProbeResult,
  RepositoryReader,
  RepositoryReadOptions,
  RequestMeter,
  RevisionProbeResult,
} from './types';
import type { RevisionProbe } from './revisionProbe';

const errorName = (e: unknown) => (isError(e) ? e.name : '');

/**
 * The requests one read costs at an SCM's rate limit, as Backstage's readers
 * send them (backend-defaults 0.18):
 *
 * - GitHub: a file, 1, or none when it answers 304 (docs.github.com: a 304 to
 *   a conditional request is not counted); a folder, the commit lookup and
 *   the archive, or the lookup alone when the commit is unchanged.
 * - GitLab: a file, 1 even when it answers 304 (GitLab counts every
 *   request); a folder, the project, the ref's commits and the archive, or
 *   the first two when the commit is unchanged.
 * - Other SCMs: counted as GitHub (an estimate: their readers were not
 *   measured).
 */
interface ReadCosts {
  fileUnchanged: number;
  folder: number;
  folderUnchanged: number;
}
const GITHUB_COSTS: ReadCosts = {
  fileUnchanged: 0,
  folder: 2,
  folderUnchanged: 1,
};
const GITLAB_COSTS: ReadCosts = {
  fileUnchanged: 1,
  folder: 3,
  folderUnchanged: 2,
};

/**
 * Reads a stream until its end or until more than `maxBytes` have passed,
 * then stops it (which aborts the download). Keeps the bytes only when `keep`.
 * Resolves the content (kept) or the count, or `undefined` past the limit.
 */
async function readBounded(
  stream: Readable,
  maxBytes: number,
  keep: boolean,
): Promise<{ size: number; content?: Buffer } | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer =
        typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buffer.byteLength;
      if (size > maxBytes) return undefined;
      if (keep) chunks.push(buffer);
    }
  } finally {
    stream.destroy();
  }
  return { size, content: keep ? Buffer.concat(chunks, size) : undefined };
}

/**
 * Reads repositories through Backstage's UrlReader: single files with
 * `readUrl` (streamed, stopped at the size limit), the evidence folder with
 * one `readTree` (files over the limit are filtered out by their size), all
 * with ETags so an unchanged repository is not downloaded again. With a
 * {@link RevisionProbe} (GitHub, GitLab), the repository's head commit is
 * checked first by a request of our own (on GitHub a conditional one, free
 * when unchanged), which sees the rate-limit headers the UrlReader drops.
 * Each read adds the requests it sent that the SCM counts to
 * `options.meter` (see {@link ReadCosts}).
 */
export class UrlRepositoryReader implements RepositoryReader {
  constructor(
    private readonly urlReader: UrlReaderService,
    private readonly options: {
      revisions?: RevisionProbe;
      /** The app's SCM integrations, to name files as each SCM's reader wants them. */
      integrations?: ScmIntegrationRegistry;
    } = {},
  ) {}

  /** What reads of `url` cost at its SCM (see {@link ReadCosts}). */
  private costs(url: string): ReadCosts {
    try {
      if (this.options.integrations?.byUrl(url)?.type === 'gitlab')
        return GITLAB_COSTS;
    } catch {
      // Not a URL an integration knows.
    }
    return GITHUB_COSTS;
  }

  /**
   * A file's URL as the SCM's UrlReader reads it: Backstage's GitLab reader
   * reads only `/-/blob/` URLs, while protocol locations resolved against a
   * `/-/tree/` source location name files with `/-/tree/`.
   */
  private fileUrl(url: string): string {
    try {
      if (this.options.integrations?.byUrl(url)?.type === 'gitlab')
        return replaceGitLabUrlType(url, 'blob');
    } catch {
      // Not a URL an integration knows: read as given.
    }
    return url;
  }

  async probeRevision(
    url: string,
    options: { etag?: string; signal?: AbortSignal; meter?: RequestMeter },
  ): Promise<RevisionProbeResult | undefined> {
    const probe = this.options.revisions;
    if (!probe) return undefined;
    try {
      const result = await probe.probe(url, options);
      if (result?.counted) options.meter?.add(url);
      return result;
    } catch (e) {
      options.meter?.add(url);
      throw e;
    }
  }

  private async readUrl<T>(
    url: string,
    options: RepositoryReadOptions,
    use: (stream: Readable, etag?: string) => Promise<T>,
  ): Promise<T | { kind: 'missing' } | { kind: 'unchanged' }> {
    let counted = 1;
    try {
      const response = await this.urlReader.readUrl(this.fileUrl(url), {
        etag: options.etag,
        signal: options.signal,
      });
      return await use(
        response.stream
          ? response.stream()
          : Readable.from([await response.buffer()]),
        response.etag,
      );
    } catch (e) {
      if (errorName(e) === 'NotModifiedError') {
        counted = this.costs(url).fileUnchanged;
        return { kind: 'unchanged' };
      }
      if (errorName(e) === 'NotFoundError') return { kind: 'missing' };
      throw e;
    } finally {
      if (counted) options.meter?.add(url, counted);
    }
  }

  async readFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryFileResult> {
    return this.readUrl<RepositoryFileResult>(
      url,
      options,
      async (stream, etag) => {
        const read = await readBounded(stream, options.maxBytes, true);
        if (!read) return { kind: 'too-large', size: options.maxBytes + 1 };
        return { kind: 'file', content: read.content!, etag };
      },
    );
  }

  async probeFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryProbeResult> {
    return this.readUrl<RepositoryProbeResult>(
      url,
      options,
      async (stream, etag) => {
        const read = await readBounded(stream, options.maxBytes, false);
        return read ? { kind: 'present', etag } : { kind: 'too-large' };
      },
    );
  }

  async readFolder(
    url: string,
    options: RepositoryReadOptions & { paths: string[] },
  ): Promise<RepositoryFolderResult> {
    const wanted = new Set(options.paths);
    const oversized = new Map<string, number>();
    const costs = this.costs(url);
    let counted = costs.folder;
    try {
      const tree = await this.urlReader.readTree(url, {
        etag: options.etag,
        signal: options.signal,
        filter: (path, info) => {
          if (!wanted.has(path)) return false;
          if (info && info.size > options.maxBytes) {
            oversized.set(path, info.size);
            return false;
          }
          return true;
        },
      });
      const files = new Map<string, Buffer | Error>();
      for (const [path, size] of oversized) {
        files.set(
          path,
          new Error(
            `file is ${size} bytes, over the ${options.maxBytes}-byte limit`,
          ),
        );
      }
      for (const file of await tree.files()) {
        if (!wanted.has(file.path)) continue;
        const content = await file.content();
        files.set(
          file.path,
          content.byteLength > options.maxBytes
            ? new Error(
                `file is ${content.byteLength} bytes, over the ${options.maxBytes}-byte limit`,
              )
            : content,
        );
      }
      return { kind: 'files', files, etag: tree.etag };
    } catch (e) {
      if (errorName(e) === 'NotModifiedError') {
        counted = costs.folderUnchanged;
        return { kind: 'unchanged' };
      }
      // No evidence folder yet: every evidence file is missing (said before the archive: GitHub's commit lookup, GitLab's commits).
      if (errorName(e) === 'NotFoundError') {
        counted = costs.folderUnchanged;
        return { kind: 'files', files: new Map() };
      }
      throw e;
    } finally {
      options.meter?.add(url, counted);
    }
  }
}
