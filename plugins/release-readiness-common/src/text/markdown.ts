/**
 * The one Markdown reader of the engine: markdown-it (a maintained
 * CommonMark parser, here with GitHub's tables and strikethrough) turned into
 * a small block tree with 1-based line numbers, plus GitHub's task-list items
 * read from that tree. The document validator and every Markdown evidence file
 * read Markdown through {@link parseMarkdownTree}; nothing else parses
 * Markdown.
 *
 * Why markdown-it and not the unified family (micromark): on the 12 KB
 * Protocol 11 document markdown-it parses in about 0.4 ms, micromark with its
 * GFM extensions in about 20 ms, four times the 5 ms validation budget.
 */
import MarkdownIt, { Options } from 'markdown-it';

/** Block node types of {@link MarkdownBlock}. @public */
export type MarkdownBlockType =
  | 'document'
  | 'heading'
  | 'paragraph'
  | 'list'
  | 'item'
  | 'block_quote'
  | 'code_block'
  | 'html_block'
  | 'thematic_break'
  | 'table'
  | 'table_part';

/** Inline node types of {@link MarkdownInline}. @public */
export type MarkdownInlineType =
  | 'text'
  | 'code'
  | 'strong'
  | 'emph'
  | 'strikethrough'
  | 'link'
  | 'image'
  | 'softbreak'
  | 'linebreak'
  | 'html_inline';

/** An inline node: text, code span, emphasis, link and the like. @public */
export interface MarkdownInline {
  type: MarkdownInlineType;
  /** Text of `text`, `code` and `html_inline` nodes. */
  literal?: string;
  children: MarkdownInline[];
}

/** A block of a Markdown file, as CommonMark (with GFM tables) reads it. @public */
export interface MarkdownBlock {
  type: MarkdownBlockType;
  /** Heading level, 1 to 6 (ATX and setext headings alike). */
  level?: number;
  /** True for an ordered list. */
  ordered?: boolean;
  /** True for a fenced (not indented) code block. */
  fenced?: boolean;
  /** Info string of a fenced code block. */
  info?: string;
  /** Content of a code or HTML block, ending with a newline. */
  literal?: string;
  /**
   * For a list item that GitHub renders with a checkbox (a task-list item):
   * whether it is ticked. Undefined for every other block.
   */
  checked?: boolean;
  /** First line of the block in the file, 1-based. */
  line: number;
  /** Last line of the block in the file, 1-based. */
  endLine: number;
  /** Inline content of a heading or paragraph (or table cell). */
  inline?: MarkdownInline[];
  /** Source of a heading's or paragraph's text as written, container prefixes and line indentation removed. */
  source?: string;
  children: MarkdownBlock[];
}

/** A task-list item found in a tree. @public */
export interface MarkdownTask {
  checked: boolean;
  /** Text of the item's first paragraph after the box. */
  text: string;
  /** Line of the box, 1-based. */
  line: number;
}

/**
 * Deepest nesting of containers (block quotes, lists and list items) the
 * reader accepts; deeper input is refused with its line rather than read
 * partially. markdown-it stops reading at its own `maxNesting`, which is set
 * above this, so nothing is ever silently dropped.
 * @public
 */
export const MARKDOWN_MAX_NESTING = 48;

/** Refused Markdown: too deeply nested. @public */
export class MarkdownLimitError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'MarkdownLimitError';
  }
}

let parser: MarkdownIt | undefined;

function markdownIt(): MarkdownIt {
  if (!parser) {
    // maxNesting is a runtime option of markdown-it that its typings leave out.
    const options = {
      html: true,
      maxNesting: MARKDOWN_MAX_NESTING * 2 + 8,
    } as Options;
    parser = new MarkdownIt('commonmark', options);
    parser.enable(['table', 'strikethrough']);
  }
  return parser;
}

type Token = ReturnType<MarkdownIt['parse']>[number];

const BLOCK_TYPES: Record<string, MarkdownBlockType> = {
  heading: 'heading',
  paragraph: 'paragraph',
  bullet_list: 'list',
  ordered_list: 'list',
  list_item: 'item',
  blockquote: 'block_quote',
  table: 'table',
};

const INLINE_TYPES: Record<string, MarkdownInlineType> = {
  strong: 'strong',
  em: 'emph',
  s: 'strikethrough',
  link: 'link',
};

function inlineTree(tokens: Token[] | null): MarkdownInline[] {
  const root: MarkdownInline = { type: 'text', children: [] };
  const stack: MarkdownInline[] = [root];
  for (const t of tokens ?? []) {
    const top = stack[stack.length - 1];
    if (t.nesting === 1) {
      const node: MarkdownInline = {
        type: INLINE_TYPES[t.type.replace(/_open$/, '')] ?? 'emph',
        children: [],
      };
      top.children.push(node);
      stack.push(node);
    } else if (t.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else if (t.type === 'text' || t.type === 'text_special') {
      // markdown-it leaves empty text tokens around emphasis delimiters.
      if (t.content !== '')
        top.children.push({ type: 'text', literal: t.content, children: [] });
    } else if (t.type === 'code_inline') {
      top.children.push({ type: 'code', literal: t.content, children: [] });
    } else if (t.type === 'softbreak') {
      top.children.push({ type: 'softbreak', children: [] });
    } else if (t.type === 'hardbreak') {
      top.children.push({ type: 'linebreak', children: [] });
    } else if (t.type === 'html_inline') {
      top.children.push({
        type: 'html_inline',
        literal: t.content,
        children: [],
      });
    } else if (t.type === 'image') {
      top.children.push({ type: 'image', children: inlineTree(t.children) });
    }
  }
  return root.children;
}

const TASK = /^\[([ xX])\][ \t\n]+\S/;

/**
 * Marks GitHub's task-list items: a list item whose first child is a
 * paragraph that begins with `[ ]`, `[x]` or `[X]` followed by white space and
 * content (GitHub Flavored Markdown spec, "Task list items (extension)").
 */
function markTask(item: MarkdownBlock): void {
  const first = item.children[0];
  if (!first || first.type !== 'paragraph') return;
  const m = TASK.exec(first.source ?? '');
  if (m) item.checked = m[1] !== ' ';
}

/**
 * Parses Markdown into a block tree. `firstLine` is the file line of the
 * text's first line (for a body that follows front matter).
 *
 * @throws MarkdownLimitError when containers nest deeper than
 *   {@link MARKDOWN_MAX_NESTING}; the error names the line.
 * @public
 */
export function parseMarkdownTree(text: string, firstLine = 1): MarkdownBlock {
  const tokens = markdownIt().parse(text, {});
  const offset = firstLine - 1;
  let lastLine = firstLine;
  const root: MarkdownBlock = {
    type: 'document',
    line: firstLine,
    endLine: firstLine,
    children: [],
  };
  const stack: MarkdownBlock[] = [root];
  for (const t of tokens) {
    const top = stack[stack.length - 1];
    const line = t.map ? t.map[0] + 1 + offset : top.line;
    const endLine = t.map ? Math.max(line, t.map[1] + offset) : line;
    lastLine = Math.max(lastLine, endLine);
    if (t.level > MARKDOWN_MAX_NESTING) {
      throw new MarkdownLimitError(
        `Markdown nested more than ${MARKDOWN_MAX_NESTING} levels deep (line ${line})`,
        line,
      );
    }
    if (t.nesting === 1) {
      const base = t.type.replace(/_open$/, '');
      const node: MarkdownBlock = {
        type: BLOCK_TYPES[base] ?? 'table_part',
        line,
        endLine,
        children: [],
      };
      if (base === 'heading') node.level = Number(t.tag.slice(1));
      if (base === 'bullet_list' || base === 'ordered_list')
        node.ordered = base === 'ordered_list';
      top.children.push(node);
      stack.push(node);
    } else if (t.nesting === -1) {
      const closed = stack.pop()!;
      if (closed.type === 'item') markTask(closed);
    } else if (t.type === 'inline') {
      top.inline = inlineTree(t.children);
      top.source = t.content.replace(/\n[ \t]+/g, '\n');
    } else if (t.type === 'fence' || t.type === 'code_block') {
      top.children.push({
        type: 'code_block',
        fenced: t.type === 'fence',
        info: t.type === 'fence' ? t.info.trim() : '',
        literal: t.content,
        line,
        endLine,
        children: [],
      });
    } else if (t.type === 'html_block') {
      top.children.push({
        type: 'html_block',
        literal: t.content,
        line,
        endLine,
        children: [],
      });
    } else if (t.type === 'hr') {
      top.children.push({
        type: 'thematic_break',
        line,
        endLine,
        children: [],
      });
    }
  }
  root.endLine = lastLine;
  return root;
}

/** Plain text of inline nodes: text and code literals, breaks as spaces. @public */
export function inlineText(
  nodes: readonly MarkdownInline[] | undefined,
): string {
  let out = '';
  for (const n of nodes ?? []) {
    if (n.type === 'text' || n.type === 'code' || n.type === 'html_inline')
      out += n.literal ?? '';
    else if (n.type === 'softbreak' || n.type === 'linebreak') out += ' ';
    else out += inlineText(n.children);
  }
  return out;
}

/** Plain text of a block and everything in it. @public */
export function blockText(block: MarkdownBlock): string {
  if (block.type === 'code_block' || block.type === 'html_block')
    return block.literal ?? '';
  return inlineText(block.inline) + block.children.map(blockText).join('');
}

/** Every block of a tree in document order, the root left out. @public */
export function allBlocks(root: MarkdownBlock): MarkdownBlock[] {
  const out: MarkdownBlock[] = [];
  const walk = (b: MarkdownBlock) => {
    for (const c of b.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

const TASK_PREFIX = /^\[[ xX]\]\s*/;

/** Every task-list item of a tree, in document order. @public */
export function taskItems(root: MarkdownBlock): MarkdownTask[] {
  return allBlocks(root)
    .filter(b => b.type === 'item' && b.checked !== undefined)
    .map(b => ({
      checked: b.checked!,
      text: (b.children[0].source ?? '')
        .replace(TASK_PREFIX, '')
        .replace(/\s+/g, ' ')
        .trim(),
      line: b.children[0].line,
    }));
}

/** True for an HTML block that holds nothing but comments and white space. @public */
export function isCommentOnly(block: MarkdownBlock): boolean {
  return (
    block.type === 'html_block' &&
    (block.literal ?? '').replace(/<!--[\s\S]*?(?:-->|$)/g, '').trim() === ''
  );
}
