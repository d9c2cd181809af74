import { promises as fs } from 'fs';
import { dirname, resolve } from 'path';
import { fileURLToPath } from 'url';
import { realPathInsideRoots } from '@release-readiness/backstage-plugin-release-readiness-node';
import {
  RepositoryFileResult,
  RepositoryFolderResult,
  RepositoryProbeResult,
  RepositoryReader,
  RepositoryReadOptions,
} from './types';

const code = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * Reads `file:` URLs from disk, only below the configured roots. Paths are
 * compared after resolving symlinks, so a link cannot lead outside a root.
 */
export class LocalFolderReader implements RepositoryReader {
  private readonly roots: string[];

  /** @param roots - absolute folders; relative ones are resolved against the working directory. */
  constructor(roots: string[]) {
    this.roots = roots.map(root => resolve(root));
  }

  /** Whether any root is configured. */
  get enabled(): boolean {
    return this.roots.length > 0;
  }

  /** The absolute path of a file URL, refused unless it lies below a root (symbolic links resolved). */
  private async allowedPath(url: string): Promise<string> {
    if (!url.startsWith('file:'))
      throw new Error(`not a local file URL: ${url}`);
    const path = resolve(fileURLToPath(new URL(url)));
    const real = await realPathInsideRoots(this.roots, path);
    if (real) return real;
    throw new Error(
      `${path} is outside the local source roots (releaseReadiness.localSources.roots)`,
    );
  }

  private async readPath(
    path: string,
    maxBytes: number,
  ): Promise<RepositoryFileResult> {
    let stat;
    try {
      stat = await fs.stat(path);
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR')
        return { kind: 'missing' };
      throw e;
    }
    if (!stat.isFile()) return { kind: 'missing' };
    if (stat.size > maxBytes) return { kind: 'too-large', size: stat.size };
    return { kind: 'file', content: await fs.readFile(path) };
  }

  async readFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryFileResult> {
    const path = await this.allowedPath(url);
    // A missing folder means the repository is not there: that is a read failure.
    const folder = await fs.stat(dirname(path)).catch(() => undefined);
    if (!folder?.isDirectory())
      throw new Error(`folder ${dirname(path)} not found`);
    return this.readPath(path, options.maxBytes);
  }

  /** Existence and size from the file system; nothing is read. */
  async probeFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryProbeResult> {
    const path = await this.allowedPath(url);
    const folder = await fs.stat(dirname(path)).catch(() => undefined);
    if (!folder?.isDirectory())
      throw new Error(`folder ${dirname(path)} not found`);
    const stat = await fs.stat(path).catch(() => undefined);
    if (!stat?.isFile()) return { kind: 'missing' };
    return stat.size > options.maxBytes
      ? { kind: 'too-large', size: stat.size }
      : { kind: 'present' };
  }

  async readFolder(
    url: string,
    options: RepositoryReadOptions & { paths: string[] },
  ): Promise<RepositoryFolderResult> {
    const base = url.endsWith('/') ? url : `${url}/`;
    await this.allowedPath(base);
    const files = new Map<string, Buffer | Error>();
    for (const path of options.paths) {
      let file: string;
      try {
        file = await this.allowedPath(new URL(path, base).toString());
      } catch (e) {
        files.set(path, e as Error);
        continue;
      }
      const result = await this.readPath(file, options.maxBytes);
      if (result.kind === 'file') files.set(path, result.content);
      if (result.kind === 'too-large') {
        files.set(
          path,
          new Error(
            `file is ${result.size} bytes, over the ${options.maxBytes}-byte limit`,
          ),
        );
      }
    }
    return { kind: 'files', files };
  }
}
