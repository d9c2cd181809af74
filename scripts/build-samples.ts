/*
 * Writes the sample services' Protocol 11 files from the engine, so the portal
 * shows every gate state:
 *
 *   npx tsx scripts/build-samples.ts
 *
 * For each examples/services/<svc>/catalog-info.yaml with the annotation
 * `release-readiness.io/sample-state: <state>` it writes the evidence of
 * `sampleEvidence(state)` into `.artifacts/deployment/` (replacing what was
 * there), the generated document and the canonical form next to the
 * catalog-info.yaml, and adds `release-readiness.io/protocol11: .` (the
 * protocol folder is the service folder; the catalog sets the entity's
 * `backstage.io/managed-by-location` to that file). State `none` gets no
 * protocol files and no annotation.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { dirname, join, resolve } from 'path';
import { isMap, parseDocument } from 'yaml';
import {
  EVIDENCE_DIR,
  PROTOCOL11_ANNOTATION,
  PROTOCOL11_DOCUMENT_FILE,
  PROTOCOL11_FORM_FILE,
  canonicalProtocol11Form,
  evidenceReadme,
  renderProtocol11Document,
  stringifyPortableYaml,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  SAMPLE_EVIDENCE_STATES,
  SampleEvidenceState,
  sampleEvidence,
} from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';

const SAMPLE_STATE_ANNOTATION = 'release-readiness.io/sample-state';
const servicesDir = resolve(__dirname, '../examples/services');

function write(path: string, content: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Sets or removes the protocol annotation, keeping the file's comments and layout. */
function setAnnotation(catalogFile: string, present: boolean): void {
  const doc = parseDocument(readFileSync(catalogFile, 'utf8'));
  const annotations = doc.getIn(['metadata', 'annotations']);
  if (present) {
    if (isMap(annotations)) annotations.set(PROTOCOL11_ANNOTATION, '.');
    else
      doc.setIn(['metadata', 'annotations'], { [PROTOCOL11_ANNOTATION]: '.' });
  } else if (isMap(annotations)) {
    annotations.delete(PROTOCOL11_ANNOTATION);
  }
  writeFileSync(catalogFile, doc.toString({ lineWidth: 0 }));
}

async function buildService(dir: string): Promise<string | undefined> {
  const catalogFile = join(dir, 'catalog-info.yaml');
  if (!existsSync(catalogFile)) return undefined;
  const entity = parseDocument(readFileSync(catalogFile, 'utf8')).toJS();
  const state = entity?.metadata?.annotations?.[SAMPLE_STATE_ANNOTATION];
  if (typeof state !== 'string') return undefined;
  rmSync(join(dir, EVIDENCE_DIR), { recursive: true, force: true });
  rmSync(join(dir, PROTOCOL11_DOCUMENT_FILE), { force: true });
  rmSync(join(dir, PROTOCOL11_FORM_FILE), { force: true });
  if (state === 'none') {
    setAnnotation(catalogFile, false);
    return state;
  }
  if (!(SAMPLE_EVIDENCE_STATES as readonly string[]).includes(state)) {
    throw new Error(
      `${catalogFile}: unknown ${SAMPLE_STATE_ANNOTATION} "${state}"`,
    );
  }
  const files = await sampleEvidence(state as SampleEvidenceState);
  for (const [path, content] of Object.entries(files))
    write(join(dir, path), content);
  write(
    join(dir, EVIDENCE_DIR, 'README.md'),
    evidenceReadme(canonicalProtocol11Form),
  );
  write(
    join(dir, PROTOCOL11_DOCUMENT_FILE),
    renderProtocol11Document(canonicalProtocol11Form),
  );
  write(
    join(dir, PROTOCOL11_FORM_FILE),
    stringifyPortableYaml(canonicalProtocol11Form),
  );
  setAnnotation(catalogFile, true);
  return state;
}

async function main() {
  for (const name of readdirSync(servicesDir).sort()) {
    const state = await buildService(join(servicesDir, name));
    if (state) process.stdout.write(`${name}: ${state}\n`);
  }
}

main().catch(e => {
  process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
});
