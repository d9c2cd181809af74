/**
 * Adds the Protocol 11 annotation to an entity's own catalog descriptor,
 * touching only that entity's document: the `yaml` package's Document API
 * keeps its comments and layout, and every other document of the file is
 * left byte for byte.
 */
import { CompoundEntityRef, DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { PROTOCOL11_ANNOTATION } from '@release-readiness/backstage-plugin-release-readiness-common';
import { isMap, isScalar, LineCounter, parseAllDocuments, YAMLMap } from 'yaml';

/** The outcome of {@link annotateDescriptor}. */
export type AnnotateResult =
  { kind: 'added'; content: string } | { kind: 'present'; value: string };

const sameName = (a: unknown, b: string) =>
  typeof a === 'string' &&
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * Sets `metadata.annotations["release-readiness.io/protocol11"]` to `value`
 * in the document of `content` that describes `entity` (kind, namespace and
 * name, compared as the catalog does). An annotation already there is left
 * as it is (`present`).
 *
 * @param file - the descriptor's name, for messages.
 * @throws InputError with line and column for YAML syntax errors, or naming
 *   the entity when no document in the file describes it.
 */
export function annotateDescriptor(
  content: string,
  entity: CompoundEntityRef,
  value: string,
  file: string,
): AnnotateResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(content, { lineCounter });
  if (!Array.isArray(docs))
    throw new InputError(`${file}: not a YAML document stream`);
  const index = docs.findIndex(doc => {
    const namespace = doc.getIn(['metadata', 'namespace']) ?? DEFAULT_NAMESPACE;
    return (
      sameName(doc.get('kind'), entity.kind) &&
      sameName(namespace, entity.namespace) &&
      doc.getIn(['metadata', 'name']) === entity.name
    );
  });
  if (index < 0) {
    throw new InputError(
      `${file}: no document describes ${entity.kind.toLocaleLowerCase('en-US')}:${entity.namespace}/${entity.name}`,
    );
  }
  const doc = docs[index];
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new InputError(
      `${file}: ${error.message.split('\n')[0]} (line ${line}, column ${col})`,
    );
  }
  const existing = doc.getIn(
    ['metadata', 'annotations', PROTOCOL11_ANNOTATION],
    true,
  );
  if (existing !== undefined) {
    return {
      kind: 'present',
      value: isScalar(existing)
        ? String(existing.value ?? '')
        : String(existing),
    };
  }
  const line = `${PROTOCOL11_ANNOTATION}: ${/^[\w./-]+$/.test(value) ? value : JSON.stringify(value)}`;
  const annotations = doc.getIn(['metadata', 'annotations'], true);
  const metadata = doc.get('metadata', true);
  // Common case: append one line to a block map, leaving every other byte alone.
  if (isMap(annotations) && !annotations.flow) {
    const inserted = appendToBlockMap(content, lineCounter, annotations, [
      line,
    ]);
    if (inserted !== undefined) return { kind: 'added', content: inserted };
  }
  if (annotations === undefined && isMap(metadata) && !metadata.flow) {
    const inserted = appendToBlockMap(content, lineCounter, metadata, [
      'annotations:',
      `  ${line}`,
    ]);
    if (inserted !== undefined) return { kind: 'added', content: inserted };
  }
  if (
    annotations === undefined ||
    (isScalar(annotations) && annotations.value === null)
  ) {
    doc.setIn(
      ['metadata', 'annotations'],
      doc.createNode({ [PROTOCOL11_ANNOTATION]: value }),
    );
  } else if (isMap(annotations)) {
    annotations.set(PROTOCOL11_ANNOTATION, value);
  } else {
    throw new InputError(
      `${file}: metadata.annotations of ${entity.name} is not a map`,
    );
  }
  // Splice the edited document into the text: the others keep every byte.
  const start = index === 0 ? 0 : doc.range[0];
  const end =
    index + 1 < docs.length ? docs[index + 1].range[0] : content.length;
  const original = content.slice(start, end);
  const trailing = /\s*$/.exec(original)![0];
  const edited =
    doc
      .toString({ lineWidth: 0, flowCollectionPadding: false })
      .replace(/\s*$/, '') + (trailing.includes('\n') ? trailing : '\n');
  return {
    kind: 'added',
    content: content.slice(0, start) + edited + content.slice(end),
  };
}

/**
 * Inserts `lines` as the last entries of a block map, indented like its first
 * key, after the line its last value ends on. Undefined when the map's
 * position cannot be read (then the caller re-serialises the document).
 */
function appendToBlockMap(
  content: string,
  lineCounter: LineCounter,
  map: YAMLMap,
  lines: string[],
): string | undefined {
  const first = map.items[0]?.key as
    { range?: [number, number, number] } | undefined;
  const last = map.items[map.items.length - 1];
  const lastNode = (last?.value ?? last?.key) as
    { range?: [number, number, number] } | undefined;
  if (!first?.range || !lastNode?.range) return undefined;
  const indent = ' '.repeat(lineCounter.linePos(first.range[0]).col - 1);
  const end = lastNode.range[1];
  let at = content[end - 1] === '\n' ? end : content.indexOf('\n', end);
  let prefix = '';
  if (at < 0) {
    at = content.length;
    prefix = '\n';
  } else if (content[end - 1] !== '\n') {
    at += 1;
  }
  return `${content.slice(0, at)}${prefix}${lines.map(l => `${indent}${l}\n`).join('')}${content.slice(at)}`;
}
