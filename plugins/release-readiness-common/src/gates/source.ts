import { decodeText } from '../text/decode';
import { EvidenceFile, EvidenceSource } from './types';

/** Default largest evidence file the engine reads: 1 MiB. @public */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

const normalizeKey = (path: string) => path.replace(/^(\.\/)+/, '');

/**
 * An evidence source over an in-memory map of repository paths to contents,
 * for tests, samples and callers that have already read the files.
 * @public
 */
export function evidenceFromRecord(
  files: Record<string, string | Uint8Array>,
): EvidenceSource {
  const map = new Map<string, string | Uint8Array>();
  for (const [key, value] of Object.entries(files))
    map.set(normalizeKey(key), value);
  return {
    async read(path: string): Promise<EvidenceFile | undefined> {
      const key = normalizeKey(path);
      return map.has(key) ? { path, content: map.get(key)! } : undefined;
    },
  };
}

/**
 * The lowercase hex SHA-256 of bytes, or of text encoded as UTF-8, computed
 * with Web Crypto (`globalThis.crypto.subtle`), so it runs in Node 20+ and
 * browsers alike.
 * @public
 */
export async function sha256Hex(content: Uint8Array | string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('SHA-256 is not available here (no Web Crypto)');
  const bytes =
    typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const digest = await subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), b =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** An evidence file after reading: missing, unusable, or text with its bytes. @public */
export type LoadedEvidence =
  | { kind: 'missing'; path: string }
  | {
      kind: 'error';
      path: string;
      reason: string;
      /** True when the source itself failed, as opposed to content that is not usable text. */
      unreadable?: boolean;
    }
  | { kind: 'text'; path: string; text: string; bytes: Uint8Array };

function errorMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split(/\r?\n/)[0].slice(0, 200);
}

function toBytes(content: unknown): Uint8Array | undefined {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  if (ArrayBuffer.isView(content)) {
    return new Uint8Array(
      content.buffer,
      content.byteOffset,
      content.byteLength,
    );
  }
  return undefined;
}

/**
 * Turns what a source returned into text, refusing content that is too large,
 * binary (NUL bytes) or not valid UTF-8, by the shared rule of
 * {@link decodeText} (a leading byte order mark is dropped).
 * @internal
 */
export function decodeEvidence(
  path: string,
  content: unknown,
  maxBytes: number,
): LoadedEvidence {
  const bytes = toBytes(content);
  if (!bytes)
    return {
      kind: 'error',
      path,
      reason: 'the source returned neither text nor bytes',
    };
  if (bytes.byteLength > maxBytes) {
    return {
      kind: 'error',
      path,
      reason: `file is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit`,
    };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { kind: 'error', path, reason: decoded.reason };
  return { kind: 'text', path, text: decoded.text, bytes };
}

/**
 * Reads each evidence path at most once per evaluation and never rejects: a
 * failing source becomes an `error` result.
 * @internal
 */
export class EvidenceReader {
  private readonly cache = new Map<string, Promise<LoadedEvidence>>();

  constructor(
    private readonly source: EvidenceSource,
    private readonly maxBytes: number,
  ) {}

  load(path: string): Promise<LoadedEvidence> {
    let loaded = this.cache.get(path);
    if (!loaded) {
      loaded = this.read(path);
      this.cache.set(path, loaded);
    }
    return loaded;
  }

  private async read(path: string): Promise<LoadedEvidence> {
    try {
      const file = await this.source.read(path);
      if (file === undefined || file === null) return { kind: 'missing', path };
      return decodeEvidence(
        path,
        (file as EvidenceFile).content,
        this.maxBytes,
      );
    } catch (e) {
      return {
        kind: 'error',
        path,
        reason: `could not read file: ${errorMessage(e)}`,
        unreadable: true,
      };
    }
  }
}
