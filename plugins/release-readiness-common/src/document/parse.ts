import { Node, Parser } from 'commonmark';

/**
 * The structure of a Protocol 11 document, read from its CommonMark syntax tree.
 * Structure (sections, steps, items, lists, fences) comes from the tree; the text
 * of a field is the source of the block that holds it, so inline Markdown is
 * compared exactly as written.
 */

/** A `## N. TITLE` section and the blocks under it. */
export interface DocSection {
  number?: number;
  title: string;
  blocks: Node[];
}

/** A labelled bullet (`* **Action:** …`) of a step item. */
export interface DocBullet {
  label: string;
  /** Source text after the label, container prefixes removed. */
  value: string;
  node: Node;
}

/** One `[MUST]` / `[GUIDELINE]` item of a workflow step. */
export interface DocItem {
  actionType?: string;
  /** Source text of the title, between the action type and the closing `:**`. */
  title: string;
  bullets: DocBullet[];
  /** Text of the communication quote, without its quotation marks. */
  communication?: string;
}

/** A `### STEP N: NAME` section of the workflow. */
export interface DocStep {
  number?: number;
  name: string;
  items: DocItem[];
  evidence?: string[];
  gate?: { name: string; bullets: DocBullet[] };
}

/** A document read into its parts. */
export interface ParsedDocument {
  title?: string;
  sections: DocSection[];
  steps: DocStep[];
  root: Node;
  /** Source of a block node as written, container prefixes removed. */
  sourceOf(node: Node): string;
}

/** Plain text of a node: literals of its text and code descendants. */
export function textOf(node: Node): string {
  const walker = node.walker();
  let out = '';
  for (let event = walker.next(); event; event = walker.next()) {
    const n = event.node;
    if (!event.entering) continue;
    if (n.type === 'text' || n.type === 'code' || n.type === 'html_inline') out += n.literal ?? '';
    else if (n.type === 'softbreak' || n.type === 'linebreak') out += ' ';
    else if (n.type === 'code_block' || n.type === 'html_block') out += n.literal ?? '';
  }
  return out;
}

/** Children of a node as an array. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  for (let c = node.firstChild; c; c = c.next) out.push(c);
  return out;
}

export class SourceText {
  private readonly lines: string[];
  constructor(source: string) {
    this.lines = source.split(/\r\n|\r|\n/);
  }
  /**
   * Source of a block node: from its first column to its last, with the
   * container prefixes (indentation and `>` markers) of continuation lines removed.
   */
  of(node: Node): string {
    const [[startLine, startCol], [endLine, endCol]] = node.sourcepos;
    const out: string[] = [];
    for (let l = startLine; l <= endLine; l++) {
      let line = this.lines[l - 1] ?? '';
      if (l === endLine) line = line.slice(0, endCol);
      if (l === startLine) line = line.slice(startCol - 1);
      else line = line.replace(/^[ \t]*(?:>[ \t]?)*/, '');
      out.push(line);
    }
    return out.join('\n');
  }
}

/** Label of a paragraph that opens with a strong run, such as "Action:". */
export function strongLabel(paragraph: Node): string | undefined {
  const first = paragraph.firstChild;
  if (!first || first.type !== 'strong') return undefined;
  return textOf(first).trim();
}

function firstCode(node: Node): Node | undefined {
  const walker = node.walker();
  for (let event = walker.next(); event; event = walker.next()) {
    if (event.entering && event.node.type === 'code') return event.node;
  }
  return undefined;
}

function readBullets(list: Node | undefined, src: SourceText): DocBullet[] {
  if (!list || list.type !== 'list') return [];
  return childrenOf(list).flatMap(item => {
    const para = item.firstChild;
    if (!para || para.type !== 'paragraph') return [];
    const label = strongLabel(para);
    if (!label) return [];
    const source = src.of(para);
    const m = /^\*\*[^\n]*?:\*\*[ \t]?/.exec(source);
    return [{ label: label.replace(/:$/, ''), value: m ? source.slice(m[0].length) : source, node: item }];
  });
}

function readItem(item: Node, src: SourceText): DocItem {
  const para = item.firstChild;
  const result: DocItem = { title: '', bullets: [] };
  if (!para || para.type !== 'paragraph') return result;
  const code = firstCode(para);
  const type = code?.literal && /^\[(MUST|GUIDELINE)\]$/.exec(code.literal.trim());
  result.actionType = type ? type[1] : undefined;
  const source = src.of(para);
  const m = /^\*\*`\[[A-Z]+\]` ([\s\S]*?):\*\*$/.exec(source);
  result.title = m ? m[1] : source;
  const list = childrenOf(item).find(c => c.type === 'list');
  result.bullets = readBullets(list, src);
  const comm = result.bullets.find(b => /^communication$/i.test(b.label));
  const quote = comm && childrenOf(comm.node).find(c => c.type === 'block_quote' || c.type === 'code_block');
  if (quote) {
    const text = quote.type === 'block_quote' && quote.firstChild ? src.of(quote.firstChild) : quote.literal ?? '';
    const q = /^"([\s\S]*)"$/.exec(text.trim());
    result.communication = q ? q[1] : text.trim();
  }
  return result;
}

function readStep(heading: Node, blocks: Node[], src: SourceText): DocStep {
  const text = textOf(heading);
  const m = /^STEP\s+(\d+)\s*:\s*([\s\S]*)$/i.exec(text.trim());
  const step: DocStep = { number: m ? Number(m[1]) : undefined, name: m ? m[2] : text, items: [] };
  blocks.forEach((block, i) => {
    if (block.type === 'list' && block.listType === 'ordered') {
      step.items.push(...childrenOf(block).map(item => readItem(item, src)));
    }
    if (block.type !== 'paragraph') return;
    const label = strongLabel(block) ?? '';
    const next = blocks[i + 1];
    if (/^Evidence Collection:?$/i.test(label)) {
      const list = next && next.type === 'list' ? next : undefined;
      step.evidence = list
        ? childrenOf(list).map(li => (li.firstChild ? src.of(li.firstChild) : ''))
        : [];
    }
    const gate = /^\*\*Quality Gate:\s*([\s\S]*)\*\*$/.exec(src.of(block));
    if (gate) {
      step.gate = { name: gate[1].trim(), bullets: readBullets(next, src) };
    }
  });
  return step;
}

/** Splits blocks at headings of a level. */
function splitAt(blocks: Node[], level: number): { heading?: Node; blocks: Node[] }[] {
  const parts: { heading?: Node; blocks: Node[] }[] = [{ blocks: [] }];
  for (const block of blocks) {
    if (block.type === 'heading' && block.level === level) parts.push({ heading: block, blocks: [] });
    else parts[parts.length - 1].blocks.push(block);
  }
  return parts;
}

/** Parses a Protocol 11 document. @internal */
export function parseProtocolDocument(markdown: string): ParsedDocument {
  const root = new Parser().parse(markdown);
  const src = new SourceText(markdown);
  const blocks = childrenOf(root);
  const h1 = blocks.find(b => b.type === 'heading' && b.level === 1);
  const sections = splitAt(blocks, 2)
    .filter(part => part.heading)
    .map(part => {
      const text = textOf(part.heading!).trim();
      const m = /^(\d+)\.\s*([\s\S]*)$/.exec(text);
      return { number: m ? Number(m[1]) : undefined, title: m ? m[2] : text, blocks: part.blocks };
    });
  const workflow = sections.find(s => /WORKFLOW/i.test(s.title));
  const steps = workflow
    ? splitAt(workflow.blocks, 3)
        .filter(part => part.heading && /^STEP\b/i.test(textOf(part.heading).trim()))
        .map(part => readStep(part.heading!, part.blocks, src))
    : [];
  return {
    title: h1 ? textOf(h1).trim() : undefined,
    sections,
    steps,
    root,
    sourceOf: node => src.of(node),
  };
}
