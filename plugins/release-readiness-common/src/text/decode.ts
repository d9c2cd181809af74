/**
 * The one rule every reader of forms, documents and evidence follows to turn
 * what it read into text: UTF-8, and a leading byte order mark (U+FEFF) is not
 * part of the text. The CLI, the scaffolder actions, the backend and the
 * engine itself all go through {@link decodeText} or {@link stripByteOrderMark},
 * so the same bytes mean the same text everywhere.
 */

/** The byte order mark as a character. */
const BOM = '\uFEFF';

/**
 * Removes one leading byte order mark (U+FEFF), as the Unicode standard
 * allows for UTF-8 text (Unicode 15, section 23.8); any other U+FEFF is kept.
 * @public
 */
export function stripByteOrderMark(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Why bytes could not be read as text. @public */
export type DecodeTextProblem = 'not-utf8' | 'binary';

/** The outcome of {@link decodeText}. @public */
export type DecodedText =
  | { ok: true; text: string }
  | { ok: false; problem: DecodeTextProblem; reason: string };

/**
 * Decodes bytes (or text) as UTF-8 under the shared rule: invalid UTF-8 and
 * NUL bytes (binary files) are refused, and a leading byte order mark is
 * dropped. Text passed in is only stripped of its byte order mark.
 * @public
 */
export function decodeText(content: Uint8Array | string): DecodedText {
  if (typeof content === 'string')
    return { ok: true, text: stripByteOrderMark(content) };
  if (content.includes(0))
    return {
      ok: false,
      problem: 'binary',
      reason: 'file is binary (contains NUL bytes), not text',
    };
  try {
    // ignoreBOM: keep the mark so stripByteOrderMark is the single place that drops it.
    const text = new TextDecoder('utf-8', {
      fatal: true,
      ignoreBOM: true,
    }).decode(content);
    return { ok: true, text: stripByteOrderMark(text) };
  } catch {
    return {
      ok: false,
      problem: 'not-utf8',
      reason: 'file is not valid UTF-8 text',
    };
  }
}
