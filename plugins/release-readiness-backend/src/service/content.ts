/**
 * Reads one of an entity's Protocol 11 files for the portal: the document, the
 * form, or a file inside the evidence folder, and nothing else. The caller
 * must be allowed to read the entity in the catalog (asked with the caller's
 * own credentials); the file is read through the same repository reader as the
 * evaluation (UrlReader, or local folders below the configured roots).
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CustomErrorBase, InputError, NotFoundError } from '@backstage/errors';
import {
  EntityFileContent,
  EVIDENCE_DIR,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { isPathInside } from '@release-readiness/backstage-plugin-release-readiness-node';
import { promises as fs } from 'fs';
import { fileURLToPath } from 'url';
import { protocolLocationOf, RepositoryReader } from '../sources';
import { CatalogAccess } from './access';

/**
 * The file is larger than `releaseReadiness.maxEvidenceFileBytes`; the router
 * answers 413.
 */
export class FileTooLargeError extends CustomErrorBase {
  name = 'FileTooLargeError' as const;
}

/** Media type by file extension; anything else is plain text. */
const MEDIA_TYPES: Record<string, EntityFileContent['mediaType']> = {
  md: 'text/markdown',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  yaml: 'application/yaml',
  yml: 'application/yaml',
};

/** `text/markdown` for `README.md`, and so on. */
export function mediaTypeOf(path: string): EntityFileContent['mediaType'] {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return MEDIA_TYPES[ext] ?? 'text/plain';
}

/**
 * The segments of an evidence path below `.artifacts/deployment/`, or an
 * InputError naming `file`: no `..`, `.`, empty segment, backslash or NUL.
 */
function evidenceSegments(file: string): string[] {
  const refuse = (why: string) =>
    new InputError(
      `file must be "document", "form" or a path inside ${EVIDENCE_DIR}: "${file}" ${why}`,
    );
  if (!file.startsWith(EVIDENCE_DIR))
    throw refuse(`is outside ${EVIDENCE_DIR}`);
  if (/[\\\0]/.test(file)) throw refuse('contains a backslash or NUL');
  const segments = file.slice(EVIDENCE_DIR.length).split('/');
  if (segments.some(s => s === '' || s === '.' || s === '..')) {
    throw refuse('has an empty, "." or ".." segment');
  }
  return segments;
}

/** For a local evidence file: refuses one whose real path (symlinks resolved) leaves the evidence folder. */
async function assertLocalInside(
  folderUrl: string,
  fileUrl: string,
  file: string,
): Promise<void> {
  const real = async (url: string) =>
    fs.realpath(fileURLToPath(url)).catch(() => undefined);
  const [folder, target] = await Promise.all([real(folderUrl), real(fileUrl)]);
  if (!folder || !target) throw new NotFoundError(`${file} not found`);
  if (target === folder || !isPathInside(folder, target)) {
    throw new InputError(
      `file "${file}" leads outside ${EVIDENCE_DIR} through a symbolic link`,
    );
  }
}

export interface ContentServiceOptions {
  access: CatalogAccess;
  reader: RepositoryReader;
  /** Largest file served, in bytes. */
  maxFileBytes: number;
}

export class ContentService {
  constructor(private readonly options: ContentServiceOptions) {}

  /**
   * The file's text. NotFoundError when the caller may not read the entity,
   * it has no Protocol 11 or the file does not exist; InputError for a path
   * outside the evidence folder or a file that is not UTF-8 text;
   * FileTooLargeError over the size limit.
   */
  async read(
    ref: CompoundEntityRef,
    file: string,
    credentials: BackstageCredentials,
  ): Promise<EntityFileContent> {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.options.access.entity(entityRef, credentials);
    if (!entity) throw new NotFoundError(`Entity ${entityRef} not found`);
    const located = protocolLocationOf(entity);
    if (located.kind === 'none')
      throw new NotFoundError(`Entity ${entityRef} has no Protocol 11`);
    if (located.kind === 'invalid')
      throw new NotFoundError(`Entity ${entityRef}: ${located.reason}`);
    const { location } = located;

    let url: string;
    let path: string;
    if (file === 'document' || file === 'form') {
      url = file === 'document' ? location.documentUrl : location.formUrl;
      path = url.startsWith(location.repositoryUrl)
        ? decodeURIComponent(url.slice(location.repositoryUrl.length))
        : url.slice(url.lastIndexOf('/') + 1);
    } else {
      const segments = evidenceSegments(file);
      url =
        location.evidenceFolderUrl + segments.map(encodeURIComponent).join('/');
      path = file;
      if (url.startsWith('file:'))
        await assertLocalInside(location.evidenceFolderUrl, url, file);
    }

    const { maxFileBytes } = this.options;
    let result;
    try {
      result = await this.options.reader.readFile(url, {
        maxBytes: maxFileBytes,
      });
    } catch {
      // The reader's message may name server paths or hosts: not for the caller.
      throw new NotFoundError(
        `${path} could not be read from the repository of ${entityRef}`,
      );
    }
    if (result.kind === 'missing' || result.kind === 'unchanged') {
      throw new NotFoundError(
        `${path} not found in the repository of ${entityRef}`,
      );
    }
    if (result.kind === 'too-large') {
      throw new FileTooLargeError(
        `${path} is ${result.size} bytes, over the ${maxFileBytes}-byte limit (releaseReadiness.maxEvidenceFileBytes)`,
      );
    }
    let content: string;
    try {
      content = new TextDecoder('utf-8', { fatal: true }).decode(
        result.content,
      );
    } catch {
      throw new InputError(`${path} is not UTF-8 text`);
    }
    return {
      path,
      mediaType: mediaTypeOf(path),
      size: result.content.byteLength,
      content,
    };
  }
}
