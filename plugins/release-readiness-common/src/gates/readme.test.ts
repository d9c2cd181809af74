/**
 * @jest-environment node
 */
import { EVIDENCE_DIR } from '../playbook/playbook';
import { canonicalProtocol11Form } from './canonicalForm';
import { EVIDENCE_CONTRACTS } from './contract';
import { evaluateReleaseGates } from './engine';
import { EXAMPLE_HASHES } from './evidence/archiveManifest';
import { evidenceReadme } from './readme';
import { evidenceFromRecord, sha256Hex } from './source';

describe('evidenceReadme', () => {
  it('describes every evidence file of the canonical form with format, example and pass/fail rules', async () => {
    const readme = evidenceReadme(canonicalProtocol11Form);
    for (const contract of EVIDENCE_CONTRACTS) {
      expect(readme).toContain(`### \`${contract.fileName}\``);
      expect(readme).toContain(`Path: \`${EVIDENCE_DIR}${contract.fileName}\``);
      expect(readme).toContain(contract.example.split('\n')[0]);
      for (const c of contract.criteria) expect(readme).toContain(`\`${c.id}\``);
    }
    expect(readme.match(/\*\*Passes when:\*\*/g)).toHaveLength(9);
    expect(readme.match(/\*\*Fails when:\*\*/g)).toHaveLength(9);
    expect(readme).toContain('## Gate 1: Release Authorization Gate');
    expect(readme).toContain('## Gate 3: Stabilization & Handoff Gate');
    expect(readme).toContain('go_live_approval');
    expect(evidenceReadme()).toBe(readme);
  });

  it('lists files the contract does not know as present = passes', async () => {
    const form = structuredClone(canonicalProtocol11Form);
    form.phases[1].evidence_collection.push({ evidence_item: 'Load test\n# injected heading', storage_location: `${EVIDENCE_DIR}load-test.html` });
    const readme = evidenceReadme(form);
    expect(readme).toContain('### `load-test.html` — Load test # injected heading');
    expect(readme).not.toMatch(/^# injected/m);
    expect(readme).toContain('present = passes (existence only)');
  });

  it('gives examples that pass their own criteria, the manifest included', async () => {
    const files: Record<string, string> = {};
    for (const c of EVIDENCE_CONTRACTS) files[`${EVIDENCE_DIR}${c.fileName}`] = c.example;
    const r = await evaluateReleaseGates({ files: evidenceFromRecord(files) });
    const notPassed = r.gates.flatMap(g => g.criteria).filter(c => c.status !== 'passed');
    expect(notPassed).toEqual([]);
    expect(r.handoffReady).toBe(true);
  });

  it('keeps the manifest example hashes in step with the examples', async () => {
    for (const c of EVIDENCE_CONTRACTS.filter(k => k.id !== 'archive-manifest')) {
      expect([c.fileName, EXAMPLE_HASHES[c.fileName]]).toEqual([c.fileName, await sha256Hex(c.example)]);
    }
  });
});
