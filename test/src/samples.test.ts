import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import {
  EVIDENCE_DIR,
  PROTOCOL11_DOCUMENT_FILE,
  PROTOCOL11_FORM_FILE,
  canonicalProtocol11Form,
  evidenceReadme,
  renderProtocol11Document,
  stringifyPortableYaml,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  SampleEvidenceState,
  sampleEvidence,
} from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';

const servicesDir = path.resolve(__dirname, '../../examples/services');

/** Sample services with a Protocol 11 state, as `scripts/build-samples.ts` writes them. */
const samples = fs
  .readdirSync(servicesDir)
  .sort()
  .flatMap(name => {
    const file = path.join(servicesDir, name, 'catalog-info.yaml');
    if (!fs.existsSync(file)) return [];
    const state = parse(fs.readFileSync(file, 'utf8'))?.metadata?.annotations?.[
      'release-readiness.io/sample-state'
    ];
    return typeof state === 'string' && state !== 'none'
      ? [[name, state as SampleEvidenceState] as const]
      : [];
  });

const read = (...parts: string[]) =>
  fs.readFileSync(path.join(servicesDir, ...parts), 'utf8');

describe('sample services in examples/services', () => {
  it('has samples with evidence', () => {
    expect(samples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(samples)(
    '%s (%s) is byte for byte what the engine writes: evidence, its README with every reading rule, the document and its form',
    async (name, state) => {
      const readme = read(name, EVIDENCE_DIR, 'README.md');
      expect(readme).toBe(evidenceReadme(canonicalProtocol11Form));
      for (const rule of [
        'Byte order mark',
        'Duplicate keys',
        'Calendar validity',
        'Markdown',
        'Code and HTML',
        'Headings',
        'Limits',
      ])
        expect(readme).toContain(`- **${rule}:**`);
      for (const [file, content] of Object.entries(await sampleEvidence(state)))
        expect([file, read(name, file)]).toEqual([file, content]);
      expect(read(name, PROTOCOL11_DOCUMENT_FILE)).toBe(
        renderProtocol11Document(canonicalProtocol11Form),
      );
      expect(read(name, PROTOCOL11_FORM_FILE)).toBe(
        stringifyPortableYaml(canonicalProtocol11Form),
      );
    },
  );
});
