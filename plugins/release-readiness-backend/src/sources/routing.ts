import {
  RepositoryFileResult,
  RepositoryFolderResult,
  RepositoryProbeResult,
  RepositoryReader,
  RepositoryReadOptions,
  RequestMeter,
  RevisionProbeResult,
} from './types';

/**
 * Sends `file:` URLs to the local reader (refused when no local roots are
 * configured) and every other URL to the UrlReader.
 */
export class RoutingRepositoryReader implements RepositoryReader {
  constructor(
    private readonly options: {
      url: RepositoryReader;
      local?: RepositoryReader;
    },
  ) {}

  private pick(url: string): RepositoryReader {
    if (!url.startsWith('file:')) return this.options.url;
    if (!this.options.local) {
      throw new Error(
        'local sources are off; list the folder under releaseReadiness.localSources.roots',
      );
    }
    return this.options.local;
  }

  async readFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryFileResult> {
    return this.pick(url).readFile(url, options);
  }

  async probeFile(
    url: string,
    options: RepositoryReadOptions,
  ): Promise<RepositoryProbeResult> {
    return this.pick(url).probeFile(url, options);
  }

  async probeRevision(
    url: string,
    options: { etag?: string; signal?: AbortSignal; meter?: RequestMeter },
  ): Promise<RevisionProbeResult | undefined> {
    const reader = this.pick(url);
    return reader.probeRevision?.(url, options);
  }

  async readFolder(
    url: string,
    options: RepositoryReadOptions & { paths: string[] },
  ): Promise<RepositoryFolderResult> {
    return this.pick(url).readFolder(url, options);
  }
}
