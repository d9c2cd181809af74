/**
 * Reads what the gate engine needs from a repository: the form, whether the
 * document is there, and the evidence files the form names.
 */
import {
  EVIDENCE_DIR,
  EvidenceSource,
  Protocol11Form,
  canonicalProtocol11Form,
  decodeText,
  formatFormIssue,
  gateEvidence,
  parseProtocol11Form,
  sha256Hex,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ProtocolLocation } from './location';
import { RepositoryReader, RequestMeter } from './types';

/** What a previous good read saw, to skip unchanged repositories. */
export interface SourceFingerprint {
  documentUrl: string;
  formSha: string;
  documentPresent: boolean;
  /** The document is there but over the size limit. */
  documentTooLarge?: boolean;
  /** ETag of the evidence folder. */
  evidenceEtag?: string;
  /** ETag of the form file. */
  formEtag?: string;
  /** ETag of the document. */
  documentEtag?: string;
  /** ETag of the repository's head commit (GitHub), from our own conditional request. */
  revisionEtag?: string;
}

/** The outcome of reading a repository. */
export type ProtocolReadResult =
  /** Nothing changed; `fingerprint` when only the head commit's ETag is new (other files changed). */
  | { kind: 'unchanged'; fingerprint?: SourceFingerprint }
  | {
      kind: 'read';
      form: Protocol11Form;
      /** Why the canonical form is used, when the repository's form is absent or invalid. */
      formNote?: string;
      /** Set when the repository has a form that cannot be used (invalid, over a limit): shown on the entity as an error. */
      formProblem?: string;
      documentPresent: boolean;
      /** The document is there but over `maxFileBytes`: the limit, in bytes. */
      documentTooLarge?: number;
      files: EvidenceSource;
      fingerprint: SourceFingerprint;
    };

const FORM_MAX_BYTES = 1024 * 1024;

/**
 * Parsed forms by content hash: parsing is a pure function of the bytes, so
 * this cache cannot make replicas disagree. Bounded; oldest entries go first.
 */
const parsedForms = new Map<
  string,
  { form?: Protocol11Form; problem?: string }
>();
const PARSED_FORMS_MAX = 500;

function parseCached(
  sha: string,
  content: Buffer,
): { form?: Protocol11Form; problem?: string } {
  let parsed = parsedForms.get(sha);
  if (!parsed) {
    const decoded = decodeText(
      new Uint8Array(content.buffer, content.byteOffset, content.byteLength),
    );
    const result = decoded.ok ? parseProtocol11Form(decoded.text) : undefined;
    const issue =
      result && !result.ok && result.issues[0]
        ? formatFormIssue(result.issues[0])
        : 'invalid';
    parsed = result?.ok
      ? { form: result.form }
      : { problem: decoded.ok ? issue : decoded.reason };
    if (parsedForms.size >= PARSED_FORMS_MAX)
      parsedForms.delete(parsedForms.keys().next().value!);
    parsedForms.set(sha, parsed);
  }
  return parsed;
}

/** The form of a repository, or the canonical form and why. */
async function readForm(
  reader: RepositoryReader,
  location: ProtocolLocation,
  signal?: AbortSignal,
  meter?: RequestMeter,
): Promise<{
  form: Protocol11Form;
  note?: string;
  problem?: string;
  sha: string;
  etag?: string;
}> {
  const result = await reader.readFile(location.formUrl, {
    maxBytes: FORM_MAX_BYTES,
    signal,
    meter,
  });
  if (result.kind !== 'file') {
    if (result.kind === 'too-large') {
      const problem = `the form is over the ${FORM_MAX_BYTES}-byte limit`;
      return {
        form: canonicalProtocol11Form,
        note: problem,
        problem,
        sha: result.kind,
      };
    }
    return {
      form: canonicalProtocol11Form,
      note: 'no form in the repository',
      sha: result.kind,
    };
  }
  const sha = await sha256Hex(new Uint8Array(result.content));
  const parsed = parseCached(sha, result.content);
  if (!parsed.form) {
    const problem = `the form is invalid: ${parsed.problem}`;
    return {
      form: canonicalProtocol11Form,
      note: problem,
      problem,
      sha,
      etag: result.etag,
    };
  }
  return { form: parsed.form, sha, etag: result.etag };
}

/** An evidence source over files read from the evidence folder; unusable files reject. */
function evidenceSource(files: Map<string, Buffer | Error>): EvidenceSource {
  return {
    async read(path: string) {
      const normalized = path.replace(/^(\.\/)+/, '');
      if (!normalized.startsWith(EVIDENCE_DIR)) return undefined;
      const content = files.get(normalized.slice(EVIDENCE_DIR.length));
      if (content === undefined) return undefined;
      if (content instanceof Error) throw content;
      return {
        path,
        content: new Uint8Array(
          content.buffer,
          content.byteOffset,
          content.byteLength,
        ),
      };
    },
  };
}

/** Repository paths of the evidence files a form names, relative to the evidence folder. */
const evidencePaths = (form: Protocol11Form) =>
  gateEvidence(form)
    .flat()
    .map(item => item.storage_location)
    .filter(p => p.startsWith(EVIDENCE_DIR))
    .map(p => p.slice(EVIDENCE_DIR.length));

/**
 * With a previous read's ETags, by conditional requests (on GitHub an answer
 * "not modified" does not count against the rate limit): `unchanged` when the
 * form, the document and the evidence folder are all as before; the new
 * evidence when only the folder changed; undefined when a full read is needed.
 */
async function readSince(
  reader: RepositoryReader,
  location: ProtocolLocation,
  previous: SourceFingerprint,
  maxFileBytes: number,
  signal?: AbortSignal,
  meter?: RequestMeter,
): Promise<ProtocolReadResult | undefined> {
  if (
    previous.documentUrl !== location.documentUrl ||
    previous.documentTooLarge
  )
    return undefined;
  if (previous.formSha !== 'missing' && !previous.formEtag) return undefined;
  if (
    previous.documentPresent &&
    (!previous.documentEtag || !previous.evidenceEtag)
  )
    return undefined;
  const cached =
    previous.formSha === 'missing'
      ? { form: canonicalProtocol11Form }
      : parsedForms.get(previous.formSha);
  if (!cached?.form) return undefined;
  const form = await reader.probeFile(location.formUrl, {
    maxBytes: FORM_MAX_BYTES,
    etag: previous.formEtag,
    signal,
    meter,
  });
  if (
    previous.formSha === 'missing'
      ? form.kind !== 'missing'
      : form.kind !== 'unchanged'
  )
    return undefined;
  const document = await reader.probeFile(location.documentUrl, {
    maxBytes: maxFileBytes,
    etag: previous.documentEtag,
    signal,
    meter,
  });
  if (!previous.documentPresent)
    return document.kind === 'missing'
      ? { kind: 'unchanged', fingerprint: previous }
      : undefined;
  if (document.kind !== 'unchanged') return undefined;
  const evidence = await reader.readFolder(location.evidenceFolderUrl, {
    paths: evidencePaths(cached.form),
    maxBytes: maxFileBytes,
    etag: previous.evidenceEtag,
    signal,
    meter,
  });
  if (evidence.kind === 'unchanged')
    return { kind: 'unchanged', fingerprint: previous };
  return {
    kind: 'read',
    form: cached.form,
    formNote:
      previous.formSha === 'missing' ? 'no form in the repository' : undefined,
    documentPresent: true,
    files: evidenceSource(evidence.files),
    fingerprint: { ...previous, evidenceEtag: evidence.etag },
  };
}

async function readChanges(options: {
  reader: RepositoryReader;
  location: ProtocolLocation;
  maxFileBytes: number;
  previous?: SourceFingerprint;
  signal?: AbortSignal;
  /** Counts the requests the SCM counts against its rate limit. */
  meter?: RequestMeter;
}): Promise<ProtocolReadResult> {
  const { reader, location, maxFileBytes, signal, meter } = options;
  let previous = options.previous;
  const samePlace = previous?.documentUrl === location.documentUrl;
  // One conditional request for the head commit first (GitHub): unchanged means no file changed.
  const revision = await reader.probeRevision?.(location.documentUrl, {
    etag: samePlace ? previous?.revisionEtag : undefined,
    signal,
    meter,
  });
  if (revision?.kind === 'unchanged' && samePlace && previous?.revisionEtag)
    return { kind: 'unchanged' };
  const revisionEtag = revision?.kind === 'changed' ? revision.etag : undefined;
  if (previous) previous = { ...previous, revisionEtag };
  const since = previous
    ? await readSince(reader, location, previous, maxFileBytes, signal, meter)
    : undefined;
  if (since) return since;
  const form = await readForm(reader, location, signal, meter);
  const document = await reader.probeFile(location.documentUrl, {
    maxBytes: maxFileBytes,
    signal,
    meter,
  });
  const documentPresent = document.kind !== 'missing';
  const base: SourceFingerprint = {
    documentUrl: location.documentUrl,
    formSha: form.sha,
    documentPresent,
    ...(document.kind === 'too-large' ? { documentTooLarge: true } : {}),
    ...(form.etag ? { formEtag: form.etag } : {}),
    ...(document.kind === 'present' && document.etag
      ? { documentEtag: document.etag }
      : {}),
    ...(revisionEtag ? { revisionEtag } : {}),
  };
  const same =
    previous !== undefined &&
    previous.documentUrl === base.documentUrl &&
    previous.formSha === base.formSha &&
    previous.documentPresent === base.documentPresent &&
    Boolean(previous.documentTooLarge) === Boolean(base.documentTooLarge);
  if (!documentPresent || document.kind === 'too-large') {
    if (same) return { kind: 'unchanged', fingerprint: base };
    return {
      kind: 'read',
      form: form.form,
      formNote: form.note,
      formProblem: form.problem,
      documentPresent,
      ...(document.kind === 'too-large'
        ? { documentTooLarge: maxFileBytes }
        : {}),
      files: evidenceSource(new Map()),
      fingerprint: base,
    };
  }
  const evidence = await reader.readFolder(location.evidenceFolderUrl, {
    paths: evidencePaths(form.form),
    maxBytes: maxFileBytes,
    etag: same ? previous?.evidenceEtag : undefined,
    signal,
    meter,
  });
  if (evidence.kind === 'unchanged')
    return {
      kind: 'unchanged',
      fingerprint: { ...base, evidenceEtag: previous?.evidenceEtag },
    };
  return {
    kind: 'read',
    form: form.form,
    formNote: form.note,
    formProblem: form.problem,
    documentPresent,
    files: evidenceSource(evidence.files),
    fingerprint: { ...base, evidenceEtag: evidence.etag },
  };
}

const withoutUndefined = (o: object) =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/**
 * Reads the protocol of one repository. Rejects when the repository cannot be
 * read; resolves `unchanged` when the form, the document and the evidence
 * folder match the previous read (by ETag where the reader gives them). The
 * document is only probed (existence and size, never kept); one over
 * `maxFileBytes` comes back as `documentTooLarge`.
 */
export async function readProtocol(
  options: Parameters<typeof readChanges>[0],
): Promise<ProtocolReadResult> {
  const read = await readChanges(options);
  if (read.kind !== 'unchanged' || !read.fingerprint) return read;
  // Only a fingerprint that differs from the previous one is worth storing.
  const same =
    JSON.stringify(withoutUndefined(read.fingerprint)) ===
    JSON.stringify(withoutUndefined(options.previous ?? {}));
  return same ? { kind: 'unchanged' } : read;
}
