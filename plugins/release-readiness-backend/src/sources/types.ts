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
}

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
 * Reads files of a repository by URL. Rejects when the repository itself
 * cannot be read (host unreachable, access refused, path outside the allowed
 * roots); a file that does not exist is not an error.
 */
export interface RepositoryReader {
  readFile(url: string, options: RepositoryReadOptions): Promise<RepositoryFileResult>;
  /** Reads `paths` (relative to the folder URL, which ends with `/`). */
  readFolder(
    url: string,
    options: RepositoryReadOptions & { paths: string[] },
  ): Promise<RepositoryFolderResult>;
}
