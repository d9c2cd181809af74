/**
 * Placing form text into Markdown so that it can never change the document's
 * structure. Single-line text is written exactly as given: it always follows a
 * prefix on its line, so no block construct can start inside it, and inline
 * Markdown or HTML stays inline. Line breaks inside a field become hard line
 * breaks whose next line is escaped where it could start a block.
 */

const LINE_BREAK = /\r\n|\r|\n/;

/** Characters that can start a block construct at the beginning of a line. */
const BLOCK_START = /^(?:[#>\-+*=_|~`<\\[!:]|\d+[.)])/;

/** Splits text into its non-blank lines, each trimmed at the line break side. */
function lines(text: string): string[] {
  return text.split(LINE_BREAK);
}

function escapeLineStart(line: string): string {
  const trimmed = line.trimStart();
  const m = BLOCK_START.exec(trimmed);
  if (!m) return trimmed;
  if (/^\d/.test(m[0])) {
    // "1." or "1)" starts an ordered list: escape the delimiter.
    const digits = m[0].slice(0, -1);
    return `${digits}\\${trimmed.slice(digits.length)}`;
  }
  return `\\${trimmed}`;
}

/**
 * The canonical Markdown form of a field placed inline after a prefix. Equal to
 * the text itself when it is one line. Continuation lines are joined with a hard
 * line break (`\` then newline) and carry no container prefix; {@link indentInline}
 * adds that for the place they are written.
 * @internal
 */
export function inlineMarkdown(text: string): string {
  const [first, ...rest] = lines(text);
  const continuation = rest.filter(l => l.trim() !== '').map(escapeLineStart);
  if (continuation.length === 0) return first;
  const head = first.trim() === '' ? '' : first.replace(/\\$/, '\\\\');
  const body = continuation.map(l => l.replace(/\\$/, '\\\\'));
  return [head, ...body].filter(l => l !== '').join('\\\n');
}

/** Writes inline Markdown whose continuation lines sit inside a container. @internal */
export function indentInline(
  markdown: string,
  containerPrefix: string,
): string {
  return markdown.replace(/\n/g, `\n${containerPrefix}`);
}

/** Field text placed after a prefix, inside a container with the given line prefix. @internal */
export function inline(text: string, containerPrefix: string): string {
  return indentInline(inlineMarkdown(text), containerPrefix);
}

/**
 * Text as one line: line breaks and the blank space around them become one
 * space. Used where a line break has no place (headings, fenced lines, code spans).
 * @internal
 */
export function oneLine(text: string): string {
  return lines(text)
    .map((l, i, all) => {
      let out = l;
      if (i > 0) out = out.trimStart();
      if (i < all.length - 1) out = out.trimEnd();
      return out;
    })
    .filter((l, _i, all) => l !== '' || all.length === 1)
    .join(' ');
}

/** Text for the end of an ATX heading: one line, a trailing `#` run escaped. @internal */
export function headingText(text: string): string {
  const single = oneLine(text);
  return single.replace(/(^|[ \t])(#+)([ \t]*)$/, '$1\\$2$3');
}

/** Inline code span holding the text literally, whatever backticks it contains. @internal */
export function codeSpan(text: string): string {
  const single = oneLine(text);
  const longest = Math.max(
    0,
    ...(single.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longest + 1);
  const pad = /^`|`$|^ .* $/.test(single) || single === '' ? ' ' : '';
  return `${fence}${pad}${single}${pad}${fence}`;
}

/**
 * A fenced code block whose fence is longer than any backtick run in its lines,
 * so no line can close it early. Each entry is one line of the block.
 * @internal
 */
export function fencedBlock(entries: string[], info = '', indent = ''): string {
  const body = entries.map(oneLine);
  const longest = Math.max(
    0,
    ...(body
      .join('\n')
      .match(/`+/g)
      ?.map(r => r.length) ?? []),
  );
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...body, fence]
    .map(l => (`${indent}${l}`.trimEnd() === '' ? '' : `${indent}${l}`))
    .join('\n');
}
