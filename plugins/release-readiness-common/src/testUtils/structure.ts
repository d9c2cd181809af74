import { Node, Parser } from 'commonmark';

/** Counts of the structural parts of a Markdown document, read from its syntax tree. */
export interface Structure {
  h1: number;
  h2: number;
  h3: number;
  otherHeadings: number;
  stepHeadings: number;
  checkboxes: number;
  fences: number;
  htmlBlocks: number;
  qualityGates: number;
  summaryGates: number;
}

/** The structure every generated document has: `hooks` automation hooks, each with its fence. */
export function expectedStructure(hooks = 3): Structure {
  return {
    h1: 1,
    h2: 7,
    h3: 3,
    otherHeadings: 0,
    stepHeadings: 3,
    checkboxes: 5,
    fences: hooks + 3,
    htmlBlocks: 0,
    qualityGates: 3,
    summaryGates: 3,
  };
}

export function structureOf(markdown: string): Structure {
  const lines = markdown.split('\n');
  const root = new Parser().parse(markdown);
  const s: Structure = {
    h1: 0,
    h2: 0,
    h3: 0,
    otherHeadings: 0,
    stepHeadings: 0,
    checkboxes: 0,
    fences: 0,
    htmlBlocks: 0,
    qualityGates: 0,
    summaryGates: 0,
  };
  const walker = root.walker();
  const firstLine = (node: Node) =>
    (lines[node.sourcepos[0][0] - 1] ?? '').slice(node.sourcepos[0][1] - 1);
  for (let event = walker.next(); event; event = walker.next()) {
    const node = event.node;
    if (!event.entering) continue;
    if (node.type === 'heading') {
      if (node.level === 1) s.h1++;
      else if (node.level === 2) s.h2++;
      else if (node.level === 3) s.h3++;
      else s.otherHeadings++;
      if (node.level === 3 && /^### STEP \d+: /.test(firstLine(node)))
        s.stepHeadings++;
    }
    if (
      node.type === 'item' &&
      node.firstChild?.type === 'paragraph' &&
      /^\[ \] /.test(inlineText(node.firstChild))
    )
      s.checkboxes++;
    if (node.type === 'code_block') s.fences++;
    if (node.type === 'html_block') s.htmlBlocks++;
    if (node.type === 'paragraph' && node.parent?.type === 'document') {
      if (firstLine(node).startsWith('**Quality Gate: ')) s.qualityGates++;
      if (/^\*\*Gate \d+: /.test(firstLine(node))) s.summaryGates++;
    }
  }
  return s;
}

function inlineText(node: Node): string {
  let out = '';
  for (let c = node.firstChild; c; c = c.next)
    out += c.literal ?? inlineText(c);
  return out;
}
