/**
 * @jest-environment node
 */
import { EVIDENCE_DIR } from '../playbook/playbook';
import { evaluateReleaseGates } from './engine';
import { evidenceFromRecord } from './source';

const p = (name: string) => `${EVIDENCE_DIR}${name}`;
const evaluate = (files: Record<string, string | Uint8Array>) => evaluateReleaseGates({ files: evidenceFromRecord(files) });

describe('evaluateReleaseGates on hostile input', () => {
  it('never rejects, whatever bytes the evidence holds', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const names = ['release-approvals.json', 'rollback-plan.md', 'release-readiness-checklist.md', 'deployment-telemetry.ndjson'];
    const alphabet = '{}[]":,-#\n 0123456789abcxtrue---';
    for (let round = 0; round < 60; round++) {
      const files: Record<string, string | Uint8Array> = {};
      for (const name of names) {
        const length = Math.floor(random() * 200);
        files[p(name)] = round % 2
          ? Uint8Array.from({ length }, () => Math.floor(random() * 256))
          : Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      }
      const r = await evaluate(files);
      expect(r.gates).toHaveLength(3);
      expect(['passed', 'failed', 'pending', 'error']).toContain(r.gates[0].status);
    }
  });

  it('evaluates 1 MiB pathological files quickly', async () => {
    const line = `# x${' '.repeat(200_000)}y\n`;
    const junk = line.repeat(5);
    const files: Record<string, string> = {};
    for (const name of ['release-readiness-checklist.md', 'rollback-plan.md', 'release-health-report.md', 'release-communication-log.md']) {
      files[p(name)] = junk;
    }
    files[p('release-approvals.json')] = `{"a":${'['.repeat(200_000)}`;
    files[p('deployment-telemetry.ndjson')] = '{"timestamp":"2024-05-01T10:10:00Z","event":"x"}\n'.repeat(20_000);
    const started = Date.now();
    const r = await evaluate(files);
    expect(r.gates[0].status).toBe('error');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
