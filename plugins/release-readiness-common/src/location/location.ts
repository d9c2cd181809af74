/**
 * One answer to "where are this entity's files": its repository root, the
 * folder of its Protocol 11 document, its evidence folder and the catalog
 * descriptor it was registered from. Used by the frontend, the readiness
 * backend and the scaffolder actions, so they cannot disagree.
 *
 * Built on the catalog model's own location helpers (`parseLocationRef`,
 * `getEntitySourceLocation`); isomorphic (no Node-only imports).
 */
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  getEntitySourceLocation,
  parseLocationRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { PROTOCOL11_ANNOTATION } from '../api/types';
import {
  EVIDENCE_DIR,
  PROTOCOL11_DOCUMENT_FILE,
  PROTOCOL11_FORM_FILE,
} from '../playbook/playbook';

/**
 * A folder that holds an entity's files: a URL read through Backstage's
 * UrlReader (`kind: 'url'`), or a local folder (`kind: 'file'`, from a `file:`
 * location, as the demo portal registers its sample services).
 * @public
 */
export type EntityFolder =
  | {
      kind: 'url';
      /** The folder's URL, always ending with `/`. */
      url: string;
    }
  | {
      kind: 'file';
      /** The folder's `file:` URL (path segments percent-encoded), always ending with `/`. */
      url: string;
      /** The folder's absolute POSIX path, without a trailing `/` (except for `/` itself). */
      path: string;
    };

/**
 * Where an entity keeps Protocol 11.
 * @public
 */
export interface ProtocolLocation {
  /** `url` for repositories read through the UrlReader, `file` for local folders. */
  kind: 'url' | 'file';
  /** The repository root (the entity's source location); ends with `/`. */
  repositoryUrl: string;
  /** The folder of the document and the form; ends with `/`. */
  protocolFolderUrl: string;
  /** URL of `11-production-deployment-release-management.md`. */
  documentUrl: string;
  /** URL of `protocol-input-form-11-deployment.yaml`. */
  formUrl: string;
  /** `.artifacts/deployment/` at the repository root; ends with `/`. */
  evidenceFolderUrl: string;
  /**
   * The protocol folder relative to the repository root (`''` for the root,
   * otherwise ending with `/`), or undefined when the annotation is an
   * absolute URL elsewhere.
   */
  protocolPath?: string;
  /** For `kind: 'file'`: the absolute path of the repository root. */
  repositoryPath?: string;
}

/**
 * An entity's protocol location, or why it has none:
 * - `none`: no `release-readiness.io/protocol11` annotation, or an empty one
 *   (then `reason` says so); the entity has no Protocol 11.
 * - `invalid`: the annotation is there but cannot be resolved; `reason` names
 *   the annotation and what is wrong.
 * @public
 */
export type ProtocolLocationResult =
  | { kind: 'none'; reason?: string }
  | { kind: 'invalid'; reason: string }
  | { kind: 'location'; location: ProtocolLocation };

const asFolder = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** Percent-encodes each segment of an absolute POSIX path into a `file:` URL. */
function fileUrlOf(path: string, folder: boolean): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `file://${folder ? asFolder(encoded) : encoded}`;
}

/** `/a/b/` → `/a/b`; `/` stays. */
const trimSlash = (path: string) =>
  path.length > 1 ? path.replace(/\/+$/, '') : path;

/** The parent folder of an absolute POSIX path. */
const parentOf = (path: string) => path.replace(/\/[^/]*$/, '') || '/';

/**
 * The absolute path of a `file:` location target. Backstage reads `file:`
 * targets as plain paths (`file:/srv/x/catalog-info.yaml`), so `%` is an
 * ordinary character there; only the URL form `file:///srv/x` is
 * percent-decoded, and a malformed escape in it is an input error.
 */
function filePathOf(target: string, annotation: string): string {
  let path = target;
  if (path.startsWith('//')) {
    const rest = path.slice(2);
    const slash = rest.indexOf('/');
    const host = slash < 0 ? rest : rest.slice(0, slash);
    if (host !== '' && host !== 'localhost') {
      throw new InputError(
        `${annotation}: a file location must be on this machine, not on "${host}"`,
      );
    }
    try {
      path = decodeURIComponent(slash < 0 ? '/' : rest.slice(slash));
    } catch {
      throw new InputError(
        `${annotation}: "file:${target}" has a malformed %-escape; write the path without percent-encoding as file:/path`,
      );
    }
  }
  if (!path.startsWith('/')) {
    throw new InputError(
      `${annotation}: a file location must be an absolute path, not "${target}"`,
    );
  }
  if (path.split('/').includes('..')) {
    throw new InputError(
      `${annotation}: a file location must not contain "..": "${target}"`,
    );
  }
  return path.replace(/\/{2,}/g, '/');
}

function urlOf(target: string, annotation: string): string {
  try {
    return new URL(target).toString();
  } catch {
    throw new InputError(`${annotation}: "${target}" is not a valid URL`);
  }
}

/** Parses a location ref; a bare `https://…` is taken as `url:https://…`. */
function parseRef(
  value: string,
  annotation: string,
): { type: string; target: string } {
  const ref = /^https?:\/\//i.test(value.trim())
    ? `url:${value.trim()}`
    : value;
  try {
    return parseLocationRef(ref);
  } catch (e) {
    throw new InputError(`${annotation}: ${(e as Error).message}`);
  }
}

function folderOf(
  annotation: string,
  value: string,
  isFile: boolean,
): EntityFolder {
  const { type, target } = parseRef(value, annotation);
  if (type === 'url') {
    const url = urlOf(target, annotation);
    return {
      kind: 'url',
      url: isFile ? new URL('./', url).toString() : asFolder(url),
    };
  }
  if (type === 'file') {
    const path = filePathOf(target, annotation);
    const folder = isFile ? parentOf(path) : trimSlash(path);
    return { kind: 'file', path: folder, url: fileUrlOf(folder, true) };
  }
  throw new InputError(
    `${annotation}: location type "${type}" is not supported; use url: or file:`,
  );
}

/**
 * The repository root of an entity: its `backstage.io/source-location` (a
 * folder, with or without a trailing `/`), or, when it has none, the folder
 * of the file it was registered from (`backstage.io/managed-by-location`),
 * as `getEntitySourceLocation` picks them.
 *
 * @throws InputError naming the annotation when neither is there or the value
 *   cannot be read (unknown location type, malformed URL or escape).
 * @public
 */
export function entityRepositoryRoot(entity: Entity): EntityFolder {
  const annotations = entity.metadata.annotations ?? {};
  let ref: { type: string; target: string };
  try {
    ref = getEntitySourceLocation(entity);
  } catch (e) {
    throw new InputError(
      annotations[ANNOTATION_SOURCE_LOCATION] ||
        annotations[ANNOTATION_LOCATION]
        ? `${annotations[ANNOTATION_SOURCE_LOCATION] ? ANNOTATION_SOURCE_LOCATION : ANNOTATION_LOCATION}: ${(e as Error).message}`
        : `the entity has neither ${ANNOTATION_SOURCE_LOCATION} nor ${ANNOTATION_LOCATION}, so where its files are is unknown`,
    );
  }
  const fromSource = Boolean(annotations[ANNOTATION_SOURCE_LOCATION]);
  const annotation = fromSource
    ? ANNOTATION_SOURCE_LOCATION
    : ANNOTATION_LOCATION;
  return folderOf(annotation, `${ref.type}:${ref.target}`, !fromSource);
}

/**
 * The catalog descriptor an entity was registered from: the file in
 * `backstage.io/managed-by-location` (or, without it,
 * `backstage.io/managed-by-origin-location`).
 *
 * @returns `{ kind: 'url', url }` or `{ kind: 'file', path, url }`, or undefined
 *   when the entity has neither annotation (for example, it came from a provider).
 * @throws InputError naming the annotation when its value cannot be read.
 * @public
 */
export function entityDescriptorLocation(
  entity: Entity,
): EntityFolder | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const annotation = annotations[ANNOTATION_LOCATION]
    ? ANNOTATION_LOCATION
    : ANNOTATION_ORIGIN_LOCATION;
  const value = annotations[annotation];
  if (!value) return undefined;
  const { type, target } = parseRef(value, annotation);
  if (type === 'url') return { kind: 'url', url: urlOf(target, annotation) };
  if (type === 'file') {
    const path = filePathOf(target, annotation);
    return { kind: 'file', path, url: fileUrlOf(path, false) };
  }
  return undefined;
}

/**
 * Whether the entity has Protocol 11: the `release-readiness.io/protocol11`
 * annotation is there and not blank. An empty value is "no protocol" in the
 * frontend and the backend alike.
 * @public
 */
export function hasProtocol11(entity: Entity): boolean {
  const value = entity.metadata.annotations?.[PROTOCOL11_ANNOTATION];
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Checks a folder path relative to a repository root (the annotation's value,
 * or a scaffolder `targetPath`): `''` or `.` is the root; otherwise no
 * leading `/`, no `..`, no backslash. Returns it normalised, `''` or ending with `/`.
 *
 * @throws InputError naming `field` when the path leaves the repository.
 * @public
 */
export function normalizeRepositoryPath(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === '.' || trimmed === './') return '';
  if (
    trimmed.startsWith('/') ||
    trimmed.includes('\\') ||
    trimmed.split('/').includes('..')
  ) {
    throw new InputError(
      `${field}: must be a folder inside the repository, not "${trimmed}"`,
    );
  }
  const parts = trimmed.split('/').filter(part => part !== '' && part !== '.');
  return parts.length ? `${parts.join('/')}/` : '';
}

const safeDecode = (path: string) => {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
};

const encodePath = (path: string) =>
  path.split('/').map(encodeURIComponent).join('/');

/**
 * Resolves the `release-readiness.io/protocol11` annotation:
 * - missing or blank: `none` (blank with a reason saying so);
 * - `.` or a relative folder: inside the entity's repository root
 *   ({@link entityRepositoryRoot}); `..` and absolute paths are `invalid`;
 * - an absolute `url:`/`https:` URL: that folder; evidence stays at the root.
 *
 * Never throws: every problem is an `invalid` result whose reason names the
 * annotation.
 * @public
 */
export function resolveProtocolLocation(
  entity: Entity,
): ProtocolLocationResult {
  const value = entity.metadata.annotations?.[PROTOCOL11_ANNOTATION];
  if (typeof value !== 'string') return { kind: 'none' };
  const trimmed = value.trim();
  if (trimmed === '') {
    return {
      kind: 'none',
      reason: `${PROTOCOL11_ANNOTATION} is empty; set it to the folder of the protocol document ("." for the repository root)`,
    };
  }
  try {
    const root = entityRepositoryRoot(entity);
    let protocolFolderUrl: string;
    let protocolPath: string | undefined;
    if (/^(url|file):/.test(trimmed) || /^https?:\/\//i.test(trimmed)) {
      const folder = folderOf(PROTOCOL11_ANNOTATION, trimmed, false);
      protocolFolderUrl = folder.url;
      if (protocolFolderUrl.startsWith(root.url))
        protocolPath = safeDecode(protocolFolderUrl.slice(root.url.length));
    } else {
      protocolPath = normalizeRepositoryPath(trimmed, PROTOCOL11_ANNOTATION);
      protocolFolderUrl = root.url + encodePath(protocolPath);
    }
    return {
      kind: 'location',
      location: {
        kind: root.kind,
        repositoryUrl: root.url,
        protocolFolderUrl,
        documentUrl: protocolFolderUrl + PROTOCOL11_DOCUMENT_FILE,
        formUrl: protocolFolderUrl + PROTOCOL11_FORM_FILE,
        evidenceFolderUrl: root.url + EVIDENCE_DIR,
        protocolPath,
        repositoryPath: root.kind === 'file' ? root.path : undefined,
      },
    };
  } catch (e) {
    const message = (e as Error).message;
    return {
      kind: 'invalid',
      reason: message.startsWith(PROTOCOL11_ANNOTATION)
        ? message
        : `${PROTOCOL11_ANNOTATION} "${trimmed}" cannot be resolved: ${message}`,
    };
  }
}
