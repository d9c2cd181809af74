import { UrlReaderService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { RepositoryFileResult, RepositoryFolderResult, RepositoryReader, RepositoryReadOptions } from './types';

const errorName = (e: unknown) => (isError(e) ? e.name : '');

/**
 * Reads repositories through Backstage's UrlReader: single files with
 * `readUrl`, the evidence folder with one `readTree`, both with ETags so an
 * unchanged repository is not downloaded again.
 */
export class UrlRepositoryReader implements RepositoryReader {
  constructor(private readonly urlReader: UrlReaderService) {}

  async readFile(url: string, options: RepositoryReadOptions): Promise<RepositoryFileResult> {
    try {
      const response = await this.urlReader.readUrl(url, { etag: options.etag, signal: options.signal });
      const content = await response.buffer();
      if (content.byteLength > options.maxBytes) return { kind: 'too-large', size: content.byteLength };
      return { kind: 'file', content, etag: response.etag };
    } catch (e) {
      if (errorName(e) === 'NotModifiedError') return { kind: 'unchanged' };
      if (errorName(e) === 'NotFoundError') return { kind: 'missing' };
      throw e;
    }
  }

  async readFolder(
    url: string,
    options: RepositoryReadOptions & { paths: string[] },
  ): Promise<RepositoryFolderResult> {
    const wanted = new Set(options.paths);
    const oversized = new Map<string, number>();
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
        files.set(path, new Error(`file is ${size} bytes, over the ${options.maxBytes}-byte limit`));
      }
      for (const file of await tree.files()) {
        if (wanted.has(file.path)) files.set(file.path, await file.content());
      }
      return { kind: 'files', files, etag: tree.etag };
    } catch (e) {
      if (errorName(e) === 'NotModifiedError') return { kind: 'unchanged' };
      // No evidence folder yet: every evidence file is missing.
      if (errorName(e) === 'NotFoundError') return { kind: 'files', files: new Map() };
      throw e;
    }
  }
}
