/**
 * Where an entity keeps Protocol 11: the folder of the document and form
 * (from the `release-readiness.io/protocol11` annotation) and the repository
 * root that holds `.artifacts/deployment/`.
 */
import { Entity } from '@backstage/catalog-model';
import {
  EVIDENCE_DIR,
  PROTOCOL11_ANNOTATION,
  PROTOCOL11_DOCUMENT_FILE,
  PROTOCOL11_FORM_FILE,
} from '@release-readiness/backstage-plugin-release-readiness-common';

const SOURCE_LOCATION = 'backstage.io/source-location';
const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/** The URLs of an entity's protocol files; every folder URL ends with `/`. */
export interface ProtocolLocation {
  /** The repository root: the entity's source location. */
  repositoryUrl: string;
  /** The folder holding the document and the form. */
  protocolFolderUrl: string;
  documentUrl: string;
  formUrl: string;
  /** `.artifacts/deployment/` at the repository root. */
  evidenceFolderUrl: string;
}

/** An entity's protocol location, or why it has none. */
export type ProtocolLocationResult =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'location'; location: ProtocolLocation };

const asFolder = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** `url:https://…` or `https://…` → `https://…`; `file:/a/b` → `file:///a/b`. */
function parseLocationRef(value: string): string | undefined {
  const target = value.trim().replace(/^url:/, '').replace(/^file:(?!\/\/)/, 'file://');
  try {
    return new URL(target).toString();
  } catch {
    return undefined;
  }
}

/**
 * The repository root of an entity: its `backstage.io/source-location`, or, for
 * entities registered from a file, the folder of `backstage.io/managed-by-location`.
 */
export function repositoryRootOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const source = annotations[SOURCE_LOCATION];
  if (source) {
    const url = parseLocationRef(source);
    if (url) return asFolder(url);
  }
  const managedBy = annotations[MANAGED_BY_LOCATION];
  if (managedBy && /^(url|file):/.test(managedBy)) {
    const url = parseLocationRef(managedBy);
    if (url) return new URL('./', url).toString();
  }
  return undefined;
}

/** Whether the entity carries the protocol annotation. */
export const hasProtocolAnnotation = (entity: Entity): boolean =>
  typeof entity.metadata.annotations?.[PROTOCOL11_ANNOTATION] === 'string';

/**
 * Resolves the annotation: empty or `.` is the repository root; a relative path
 * is resolved against it (no `..`); an absolute `url:`/`https:` URL is used as is.
 */
export function protocolLocationOf(entity: Entity): ProtocolLocationResult {
  const value = entity.metadata.annotations?.[PROTOCOL11_ANNOTATION];
  if (typeof value !== 'string') return { kind: 'none' };
  const trimmed = value.trim();
  const root = repositoryRootOf(entity);
  let folder: string | undefined;
  if (/^(url:|[a-z][a-z0-9+.-]*:\/\/)/i.test(trimmed)) {
    folder = parseLocationRef(trimmed);
    if (!folder) return { kind: 'invalid', reason: `annotation ${PROTOCOL11_ANNOTATION} is not a valid URL: ${trimmed}` };
  } else {
    if (!root) {
      return {
        kind: 'invalid',
        reason: `the entity has no ${SOURCE_LOCATION} to resolve ${PROTOCOL11_ANNOTATION} "${trimmed}" against`,
      };
    }
    if (trimmed.startsWith('/') || trimmed.split(/[\\/]/).includes('..')) {
      return {
        kind: 'invalid',
        reason: `annotation ${PROTOCOL11_ANNOTATION} must be a path inside the repository, not "${trimmed}"`,
      };
    }
    folder = trimmed === '' || trimmed === '.' ? root : new URL(asFolder(trimmed), root).toString();
  }
  const protocolFolderUrl = asFolder(folder);
  const repositoryUrl = root ?? protocolFolderUrl;
  return {
    kind: 'location',
    location: {
      repositoryUrl,
      protocolFolderUrl,
      documentUrl: new URL(PROTOCOL11_DOCUMENT_FILE, protocolFolderUrl).toString(),
      formUrl: new URL(PROTOCOL11_FORM_FILE, protocolFolderUrl).toString(),
      evidenceFolderUrl: new URL(EVIDENCE_DIR, repositoryUrl).toString(),
    },
  };
}
