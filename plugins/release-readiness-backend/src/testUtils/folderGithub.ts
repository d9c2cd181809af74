/**
 * A UrlReader standing in for GitHub that several backend processes share: the
 * files of `https://github.com/acme/payments/tree/main/` live in a folder, the
 * commit sha (every read's ETag) in `<folder>/.sha`, and each `readTree` adds a
 * line `<pid>` to `<folder>/.reads`. When `holdFile` is given and exists, a
 * `readTree` writes `<holdFile>.<pid>` and then never finishes, so a test can
 * kill the process in the middle of an evaluation.
 */
import {
  coreServices,
  createServiceFactory,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'fs';
import { join, relative } from 'path';
import { Readable } from 'stream';

export const REPLICA_REPO_ROOT = 'https://github.com/acme/payments/tree/main/';

export function folderGithub(folder: string, holdFile?: string) {
  const sha = () => readFileSync(join(folder, '.sha'), 'utf8').trim();
  const pathOf = (url: string) => {
    if (!url.startsWith(REPLICA_REPO_ROOT)) throw new NotFoundError(url);
    return join(folder, url.slice(REPLICA_REPO_ROOT.length));
  };
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir).flatMap(name => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        })
      : [];
  const reader: UrlReaderService = {
    async readUrl(url, options) {
      const etag = sha();
      if (options?.etag === etag) throw new NotModifiedError();
      const path = pathOf(url);
      if (!existsSync(path)) throw new NotFoundError(url);
      const content = readFileSync(path);
      return {
        buffer: async () => content,
        stream: () => Readable.from([content]),
        etag,
      };
    },
    async readTree(url, options) {
      appendFileSync(join(folder, '.reads'), `${process.pid}\n`);
      if (holdFile && existsSync(holdFile)) {
        writeFileSync(`${holdFile}.${process.pid}`, url);
        await new Promise(() => {}); // until the process is killed
      }
      const etag = sha();
      if (options?.etag === etag) throw new NotModifiedError();
      const dir = pathOf(url);
      const entries = walk(dir)
        .map(path => ({
          path: relative(dir, path),
          content: async () => readFileSync(path),
        }))
        .filter(f => options?.filter?.(f.path, { size: 10 }) ?? true);
      if (!entries.length) throw new NotFoundError(url);
      return {
        files: async () => entries,
        etag,
        archive: async () => Readable.from([]),
        dir: async () => '',
      };
    },
    async search() {
      throw new Error('search is not used');
    },
  };
  return createServiceFactory({
    service: coreServices.urlReader,
    deps: {},
    factory: () => reader,
  });
}
