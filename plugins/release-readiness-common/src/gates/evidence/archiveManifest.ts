/** `release-archive-manifest.json`: the archived evidence and its SHA-256 hashes. */
import { EVIDENCE_DIR } from '../../playbook/playbook';
import { sha256Hex } from '../source';
import { defineContract, jsonExample } from './define';
import {
  JSON_SCHEMA_DRAFT_07,
  NON_BLANK,
  EvidenceJsonSchema,
  parseJsonWithSchema,
} from './json';

/** One archived file. @public */
export interface ArchivedFile {
  /** Repository path (`.artifacts/deployment/rollback-plan.md`) or a path relative to the manifest's folder. */
  path: string;
  /** Lowercase or uppercase hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** The content of `release-archive-manifest.json`. @public */
export interface ReleaseArchiveManifest {
  release?: string;
  archived_at?: string;
  /** Where the archive was stored, such as an object-store URL. */
  location?: string;
  files: ArchivedFile[];
}

/** JSON Schema (draft-07) of `release-archive-manifest.json`. @public */
export const releaseArchiveManifestSchema: EvidenceJsonSchema = {
  $schema: JSON_SCHEMA_DRAFT_07,
  $id: 'urn:protocol11:evidence:release-archive-manifest',
  title: 'Release archive manifest',
  type: 'object',
  required: ['files'],
  properties: {
    release: { type: 'string' },
    archived_at: { type: 'string', format: 'date-time' },
    location: { type: 'string' },
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'sha256'],
        properties: {
          path: NON_BLANK,
          sha256: { type: 'string', pattern: '^[A-Fa-f0-9]{64}$' },
        },
      },
    },
  },
};

/**
 * Resolves a manifest entry to a repository path under the evidence folder, or
 * returns why it cannot be.
 * @internal
 */
export function resolveArchivedPath(
  manifestPath: string,
  entry: string,
): { path: string } | { problem: string } {
  if (
    entry.startsWith('/') ||
    entry.includes('\\') ||
    /^[A-Za-z]:/.test(entry)
  ) {
    return { problem: 'must be a relative path with forward slashes' };
  }
  const folder = manifestPath.includes('/')
    ? manifestPath.slice(0, manifestPath.lastIndexOf('/') + 1)
    : '';
  const joined = entry.startsWith('.artifacts/') ? entry : `${folder}${entry}`;
  const parts = joined.replace(/^(\.\/)+/, '').split('/');
  if (parts.some(p => p === '..' || p === '' || p === '.')) {
    return { problem: 'must not contain "..", "." or empty segments' };
  }
  const path = parts.join('/');
  if (!path.startsWith(EVIDENCE_DIR))
    return { problem: `must name a file under ${EVIDENCE_DIR}` };
  return { path };
}

/**
 * SHA-256 of each other contract's README example, so the manifest example is
 * valid against the other examples (a test keeps these in step).
 * @internal
 */
export const EXAMPLE_HASHES: Record<string, string> = {
  'release-readiness-checklist.md':
    '6cc72736e9d5c43e573e2cbe54a103a8d4aa944217cf2b50c8daead7d239ca24',
  'release-approvals.json':
    'ffdbd537d6ca6744c50e67bf0bc01ad39c5a5952b70eec67d813f2407e9a7c59',
  'rollback-plan.md':
    'a54b76392a0ada19c8a3ec1c20d834d2616a430b963469106b4a6704752b3e00',
  'staging-validation-report.json':
    '79df7e248f8e633fb92d2c393fb86a78b29978230db5c5cca1937858102db369',
  'production-deployment-report.json':
    '2abb82a908aa570b335cca2acf140aead5a8ea3e97a549cf5255a1a48a21263b',
  'deployment-telemetry.ndjson':
    'a1fac06804225c4e588c7ab1969c6def94c1a4d8f78894ed3b16b581e6b7c39f',
  'release-health-report.md':
    'b2c09a31e66505042cdf980a0c67f87149b7a1300aacfaa92d062d9b7c25d54e',
  'release-communication-log.md':
    '09e22ebf8b8edff828a64da5e17fb807bb47f53d8588148d13cb62c792091a8d',
};

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The archive manifest contract. @internal */
export const archiveManifestContract = defineContract<ReleaseArchiveManifest>({
  id: 'archive-manifest',
  fileName: 'release-archive-manifest.json',
  title: 'Release archive manifest',
  phase: 3,
  format: 'json',
  contents:
    "The list of archived release evidence with each file's SHA-256, so audits and retrospectives can prove the evidence was not changed afterwards.",
  formatDescription:
    'A JSON object. `files`: list of `{ "path", "sha256" }`, `path` relative to the repository (`.artifacts/deployment/x`) or to this manifest\'s folder, `sha256` the 64-hex-digit SHA-256 of the file\'s bytes as committed (e.g. `sha256sum FILE`). Optional `release`, `archived_at`, `location`.',
  schema: releaseArchiveManifestSchema,
  example: jsonExample({
    release: 'v2.4.0',
    archived_at: '2024-05-01T11:00:00Z',
    location: 's3://release-archive/payments/v2.4.0/',
    files: Object.entries(EXAMPLE_HASHES).map(([path, sha256]) => ({
      path,
      sha256,
    })),
  }),
  passes: [
    'every listed file exists and its SHA-256 matches',
    'every other evidence file the form names is listed',
  ],
  fails: [
    'a listed file was changed after archiving (hash mismatch) or is missing: the reason names the file',
    'an evidence file is not listed',
    'error: not valid JSON, a malformed hash, or a path outside the evidence folder',
  ],
  parse(text) {
    const parsed = parseJsonWithSchema(text, releaseArchiveManifestSchema);
    if (!parsed.ok) return parsed;
    return { ok: true, doc: parsed.value as ReleaseArchiveManifest };
  },
  criteria: [
    {
      id: 'archive-manifest.hashes',
      description:
        'Every archived file exists and matches its SHA-256 hash in the manifest.',
      async evaluate(manifest, ctx) {
        if (manifest.files.length === 0)
          return {
            status: 'failed',
            field: 'files',
            reason: 'the manifest lists no files',
          };
        for (const [i, entry] of manifest.files.entries()) {
          const resolved = resolveArchivedPath(ctx.path, entry.path);
          if ('problem' in resolved) {
            return {
              status: 'error',
              field: `files[${i}].path`,
              reason: `files[${i}].path ${resolved.problem}`,
            };
          }
          const loaded = await ctx.load(resolved.path);
          if (loaded.kind === 'missing') {
            return {
              status: 'failed',
              field: `files[${i}].path`,
              reason: `archived file ${resolved.path} does not exist`,
            };
          }
          if (loaded.kind === 'error') {
            return {
              status: 'error',
              field: `files[${i}].path`,
              reason: `archived file ${resolved.path}: ${loaded.reason}`,
            };
          }
          const actual = await sha256Hex(loaded.bytes);
          if (actual !== entry.sha256.toLowerCase()) {
            return {
              status: 'failed',
              field: `files[${i}].sha256`,
              reason: `${baseName(resolved.path)} changed after archiving: its SHA-256 is ${actual.slice(0, 12)}…, the manifest says ${entry.sha256.slice(0, 12).toLowerCase()}…`,
            };
          }
        }
        return {
          status: 'passed',
          field: 'files',
          reason: `all ${manifest.files.length} archived file(s) match their hashes`,
        };
      },
    },
    {
      id: 'archive-manifest.complete',
      description:
        'Every evidence file of the release is listed in the archive manifest.',
      evaluate(manifest, ctx) {
        const listed = new Set(
          manifest.files
            .map(f => resolveArchivedPath(ctx.path, f.path))
            .flatMap(r => ('path' in r ? [r.path] : [])),
        );
        const missing = ctx.evidencePaths.filter(
          p => p !== ctx.path && !listed.has(p.replace(/^(\.\/)+/, '')),
        );
        if (missing.length > 0) {
          return {
            status: 'failed',
            field: 'files',
            reason: `not archived: ${missing.map(baseName).join(', ')}`,
          };
        }
        return {
          status: 'passed',
          field: 'files',
          reason: `all ${ctx.evidencePaths.length - 1} other evidence file(s) archived`,
        };
      },
    },
  ],
});
