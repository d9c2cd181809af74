/**
 * A UrlReader standing in for GitHub or GitLab (outside the machine): files by URL, one
 * commit sha per repository as the ETag of every read, and a count of reads.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { Readable } from 'stream';

export class FakeGithubFiles {
  files = new Map<string, string>();
  sha = 1;
  /** readTree calls: one per evaluation that reads the evidence folder. */
  treeReads = 0;
  urlReads = 0;

  set(baseUrl: string, files: Record<string, string>): void {
    for (const [path, content] of Object.entries(files))
      this.files.set(new URL(path, baseUrl).toString(), content);
    this.sha++;
  }

  delete(url: string): void {
    this.files.delete(url);
    this.sha++;
  }

  private get etag() {
    return `sha-${this.sha}`;
  }

  readonly reader = mockServices.urlReader.mock({
    readUrl: async (url, options) => {
      this.urlReads++;
      if (options?.etag === this.etag) throw new NotModifiedError();
      // GitLab's reader reads files by their `/-/blob/` URL; they are kept under `/-/tree/`.
      const content =
        this.files.get(url) ??
        this.files.get(url.replace('/-/blob/', '/-/tree/'));
      if (content === undefined) throw new NotFoundError(url);
      return {
        buffer: async () => Buffer.from(content),
        stream: () => Readable.from([Buffer.from(content)]),
        etag: this.etag,
      };
    },
    readTree: async (url, options) => {
      this.treeReads++;
      if (options?.etag === this.etag) throw new NotModifiedError();
      const entries = [...this.files.entries()]
        .filter(([path]) => path.startsWith(url))
        .map(([path, content]) => ({
          path: path.slice(url.length),
          content: async () => Buffer.from(content),
        }))
        .filter(f => options?.filter?.(f.path, { size: 10 }) ?? true);
      if (!entries.length) throw new NotFoundError(url);
      return {
        files: async () => entries,
        etag: this.etag,
        archive: async () => Readable.from([]),
        dir: async () => '',
      };
    },
  });

  /**
   * `integrations` config for a backend using this reader: the plugin's own
   * head-commit requests for github.com and gitlab.com go to a closed port on
   * this machine (refused at once, so the reads decide), never to the real SCMs.
   */
  static readonly integrations = {
    github: [{ host: 'github.com', apiBaseUrl: 'http://127.0.0.1:9' }],
    gitlab: [{ host: 'gitlab.com', apiBaseUrl: 'http://127.0.0.1:9/api/v4' }],
  };
}
