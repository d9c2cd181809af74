/** A repository reader over an in-memory map of URLs, for tests. */
import {
  RepositoryFileResult,
  RepositoryFolderResult,
  RepositoryProbeResult,
  RepositoryReader,
  RepositoryReadOptions,
} from '../sources';

export class FakeRepositoryReader implements RepositoryReader {
  /** Files by absolute URL. */
  files = new Map<string, string>();
  /** When set, every read rejects with this message. */
  failure?: string;
  /** Evidence folder reads so far. */
  folderReads = 0;
  /** When set, folder reads wait for it. */
  gate?: Promise<void>;

  setFiles(baseUrl: string, files: Record<string, string>): void {
    for (const [path, content] of Object.entries(files))
      this.files.set(new URL(path, baseUrl).toString(), content);
  }

  async readFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryFileResult> {
    if (this.failure) throw new Error(this.failure);
    const content = this.files.get(url);
    if (content === undefined) return { kind: 'missing' };
    const buffer = Buffer.from(content);
    return buffer.byteLength > options.maxBytes
      ? { kind: 'too-large', size: buffer.byteLength }
      : { kind: 'file', content: buffer };
  }

  async probeFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryProbeResult> {
    const read = await this.readFile(url, options);
    return read.kind === 'file' ? { kind: 'present' } : read;
  }

  async readFolder(
    url: string,
    options: RepositoryReadOptions & { paths: string[] },
  ): Promise<RepositoryFolderResult> {
    this.folderReads++;
    if (this.gate) await this.gate;
    if (this.failure) throw new Error(this.failure);
    const files = new Map<string, Buffer | Error>();
    for (const path of options.paths) {
      const content = this.files.get(new URL(path, url).toString());
      if (content !== undefined) files.set(path, Buffer.from(content));
    }
    return { kind: 'files', files };
  }
}
