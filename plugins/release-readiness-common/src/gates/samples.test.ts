/**
 * @jest-environment node
 */
import { EVIDENCE_DIR } from '../playbook/playbook';
import { EVIDENCE_CONTRACTS } from './contract';
import { evaluateReleaseGates } from './engine';
import { SAMPLE_EVIDENCE_STATES, sampleEvidence } from './samples';
import { evidenceFromRecord, sha256Hex } from './source';

const expected = {
  'all-passed': ['passed', 'passed', 'passed'],
  'authorization-missing-approval': ['failed', 'blocked', 'blocked'],
  'deployment-failed': ['passed', 'failed', 'blocked'],
  'stabilization-breached': ['passed', 'passed', 'failed'],
  malformed: ['error', 'blocked', 'blocked'],
  'tampered-manifest': ['passed', 'passed', 'failed'],
};

describe('sampleEvidence', () => {
  it.each(SAMPLE_EVIDENCE_STATES.map(s => [s]))(
    '%s evaluates to its gate states',
    async state => {
      const r = await evaluateReleaseGates({
        files: evidenceFromRecord(await sampleEvidence(state)),
      });
      expect(r.gates.map(g => g.status)).toEqual(expected[state]);
    },
  );

  it('computes the manifest hashes from the files', async () => {
    const files = await sampleEvidence('all-passed');
    expect(Object.keys(files).sort()).toEqual(
      EVIDENCE_CONTRACTS.map(c => `${EVIDENCE_DIR}${c.fileName}`).sort(),
    );
    const manifest = JSON.parse(
      files[`${EVIDENCE_DIR}release-archive-manifest.json`],
    );
    expect(manifest.files).toHaveLength(8);
    for (const entry of manifest.files)
      expect(entry.sha256).toBe(await sha256Hex(files[entry.path]));
  });

  it('refuses an unknown state', async () => {
    await expect(sampleEvidence('nope' as never)).rejects.toThrow(
      'unknown sample evidence state',
    );
  });
});
