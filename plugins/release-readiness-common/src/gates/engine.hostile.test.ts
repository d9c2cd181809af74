/**
 * @jest-environment node
 */
import { EVIDENCE_DIR } from '../playbook/playbook';
import { evaluateReleaseGates } from './engine';
import { evidenceFromRecord } from './source';
import { ReleaseReadiness } from './types';

const p = (name: string) => `${EVIDENCE_DIR}${name}`;
const evaluate = (files: Record<string, string | Uint8Array>) =>
  evaluateReleaseGates({ files: evidenceFromRecord(files) });

/** Reasons the engine gives only when it failed itself (a parser or criterion threw, or the evaluation crashed). */
const ENGINE_FAILURE =
  /^(could not be parsed|could not be checked|evaluation failed)/;

/** No gate may be `error` because the engine itself failed: every error names a problem of the evidence. */
function expectNoEngineFailure(r: ReleaseReadiness) {
  for (const gate of r.gates) {
    expect(gate.summary).not.toMatch(/evaluation failed/);
    expect(gate.criteria.length).toBeGreaterThan(0);
    for (const c of gate.criteria)
      expect(`${c.id}: ${c.reason}`).not.toMatch(
        new RegExp(`: ${ENGINE_FAILURE.source.slice(1)}`),
      );
  }
}

describe('evaluateReleaseGates on hostile input', () => {
  it('tells an engine failure from an evidence error', async () => {
    const crashed = await evaluateReleaseGates(undefined as never);
    expect(crashed.gates[0].summary).toMatch(/^evaluation failed/);
    expect(() => expectNoEngineFailure(crashed)).toThrow();
  });

  it('never rejects, whatever bytes the evidence holds', async () => {
    let seed = 42;
    const random = () =>
      (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const names = [
      'release-approvals.json',
      'rollback-plan.md',
      'release-readiness-checklist.md',
      'deployment-telemetry.ndjson',
    ];
    const alphabet = '{}[]":,-#\n 0123456789abcxtrue---';
    for (let round = 0; round < 60; round++) {
      const files: Record<string, string | Uint8Array> = {};
      for (const name of names) {
        const length = Math.floor(random() * 200);
        files[p(name)] =
          round % 2
            ? Uint8Array.from({ length }, () => Math.floor(random() * 256))
            : Array.from(
                { length },
                () => alphabet[Math.floor(random() * alphabet.length)],
              ).join('');
      }
      const r = await evaluate(files);
      expect(r.gates).toHaveLength(3);
      expect(['passed', 'failed', 'pending', 'error']).toContain(
        r.gates[0].status,
      );
      expectNoEngineFailure(r);
    }
  });

  it('evaluates 1 MiB pathological files quickly', async () => {
    const line = `# x${' '.repeat(200_000)}y\n`;
    const junk = line.repeat(5);
    const files: Record<string, string> = {};
    for (const name of [
      'release-readiness-checklist.md',
      'rollback-plan.md',
      'release-health-report.md',
      'release-communication-log.md',
    ]) {
      files[p(name)] = junk;
    }
    files[p('release-approvals.json')] = `{"a":${'['.repeat(200_000)}`;
    files[p('deployment-telemetry.ndjson')] =
      '{"timestamp":"2024-05-01T10:10:00Z","event":"x"}\n'.repeat(20_000);
    const r = await evaluate(files);
    expect(r.gates[0].status).toBe('error');
    expectNoEngineFailure(r);
    const approvals = r.gates[0].criteria.find(c =>
      c.file.endsWith('release-approvals.json'),
    );
    expect(approvals?.reason).toMatch(
      /JSON nested more than 64 levels deep at line 1/,
    );
  });
});
