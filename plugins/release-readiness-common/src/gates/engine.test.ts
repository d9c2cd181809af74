/**
 * @jest-environment node
 */
import { Protocol11Form } from '../form/types';
import { EVIDENCE_DIR, PROTOCOL12_HANDOFF_LINE } from '../playbook/playbook';
import { canonicalProtocol11Form } from './canonicalForm';
import { evaluateReleaseGates } from './engine';
import { sampleEvidence } from './samples';
import { evidenceFromRecord } from './source';
import { EvidenceSource, ReleaseReadiness } from './types';

const p = (name: string) => `${EVIDENCE_DIR}${name}`;
const evaluate = (
  files: Record<string, string | Uint8Array>,
  form?: Protocol11Form,
  maxFileBytes?: number,
) =>
  evaluateReleaseGates({
    form,
    files: evidenceFromRecord(files),
    limits: { maxFileBytes },
  });
const statuses = (r: ReleaseReadiness) => r.gates.map(g => g.status);
const criterion = (r: ReleaseReadiness, id: string) =>
  r.gates.flatMap(g => g.criteria).find(c => c.id === id)!;

describe('evaluateReleaseGates', () => {
  it('passes every gate on a complete valid evidence set and hands off to Protocol 12', async () => {
    const r = await evaluate(await sampleEvidence('all-passed'));
    expect(statuses(r)).toEqual(['passed', 'passed', 'passed']);
    expect(r.gates.map(g => g.id)).toEqual([
      'release-authorization',
      'production-deployment',
      'stabilization-handoff',
    ]);
    expect(r.gates.map(g => g.name)).toEqual([
      'Release Authorization Gate',
      'Production Deployment Gate',
      'Stabilization & Handoff Gate',
    ]);
    expect(r).toMatchObject({ overall: 'passed', handoffReady: true });
    expect(r.protocol12).toMatchObject({
      ready: true,
      protocol: '12-post-deployment-monitoring-observability',
      message: PROTOCOL12_HANDOFF_LINE,
    });
    expect(r.protocol12.artifacts).toEqual([
      {
        name: 'deployment-telemetry.ndjson',
        path: p('deployment-telemetry.ndjson'),
      },
      { name: 'release-health-report.md', path: p('release-health-report.md') },
    ]);
    expect(criterion(r, 'handoff.telemetry-parses').status).toBe('passed');
    for (const gate of r.gates)
      for (const c of gate.criteria) expect(c.reason).not.toContain('\n');
  });

  it('is pending on an empty folder, with later gates blocked', async () => {
    const r = await evaluate({});
    expect(statuses(r)).toEqual(['pending', 'blocked', 'blocked']);
    expect(r).toMatchObject({
      overall: 'pending',
      handoffReady: false,
      protocol12: { ready: false },
    });
    expect(r.protocol12.message).toBeUndefined();
    expect(r.gates[1].summary).toBe(
      'Blocked until Release Authorization Gate passes',
    );
    // A blocked gate still lists its evaluated criteria.
    expect(r.gates[1].criteria.map(c => c.status)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('fails Release Authorization on a missing approval', async () => {
    const r = await evaluate(
      await sampleEvidence('authorization-missing-approval'),
    );
    expect(statuses(r)).toEqual(['failed', 'blocked', 'blocked']);
    expect(r.overall).toBe('failed');
    const c = criterion(r, 'approvals.required-roles-approved');
    expect(c).toMatchObject({
      status: 'failed',
      file: p('release-approvals.json'),
      field: 'required_roles[1]',
    });
    expect(r.gates[0].summary).toContain(
      'release-approvals.json (required_roles[1])',
    );
  });

  it('fails Production Deployment on a rolled-back deployment', async () => {
    const r = await evaluate(await sampleEvidence('deployment-failed'));
    expect(statuses(r)).toEqual(['passed', 'failed', 'blocked']);
    expect(criterion(r, 'deployment-report.no-critical-alerts')).toMatchObject({
      status: 'failed',
      field: 'alerts[1].severity',
    });
  });

  it('fails Stabilization & Handoff on a breached metric', async () => {
    const r = await evaluate(await sampleEvidence('stabilization-breached'));
    expect(statuses(r)).toEqual(['passed', 'passed', 'failed']);
    expect(
      criterion(r, 'health-report.metrics-within-thresholds'),
    ).toMatchObject({ status: 'failed', field: 'metrics[0].value' });
    expect(criterion(r, 'archive-manifest.hashes').status).toBe('passed');
  });

  it('fails Stabilization & Handoff on a tampered file, naming it', async () => {
    const r = await evaluate(await sampleEvidence('tampered-manifest'));
    expect(statuses(r)).toEqual(['passed', 'passed', 'failed']);
    const c = criterion(r, 'archive-manifest.hashes');
    expect(c).toMatchObject({
      status: 'failed',
      file: p('release-archive-manifest.json'),
    });
    expect(c.reason).toMatch(/^rollback-plan\.md changed after archiving/);
  });

  it('reports malformed JSON as an error', async () => {
    const r = await evaluate(await sampleEvidence('malformed'));
    expect(statuses(r)).toEqual(['error', 'blocked', 'blocked']);
    expect(r.overall).toBe('error');
    expect(criterion(r, 'approvals.none-rejected').reason).toMatch(
      /^not valid JSON at line \d+, column \d+/,
    );
  });

  it('reports an oversized file as an error', async () => {
    const files = await sampleEvidence('all-passed');
    const big = {
      ...files,
      [p('rollback-plan.md')]:
        `${files[p('rollback-plan.md')]}${'x'.repeat(2000)}\n`,
    };
    const r = await evaluate(big, undefined, 1000);
    expect(r.gates[0].status).toBe('error');
    expect(criterion(r, 'rollback-plan.sections').reason).toMatch(
      /over the 1000-byte limit/,
    );
    const huge = await evaluate({
      ...files,
      [p('rollback-plan.md')]: 'a'.repeat(1024 * 1024 + 1),
    });
    expect(criterion(huge, 'rollback-plan.sections').status).toBe('error');
  });

  it('reports binary and non-UTF-8 content as an error', async () => {
    const files = await sampleEvidence('all-passed');
    const binary = await evaluate({
      ...files,
      [p('release-approvals.json')]: new Uint8Array([0x7b, 0x00, 0x7d]),
    });
    expect(criterion(binary, 'approvals.none-rejected')).toMatchObject({
      status: 'error',
      reason: 'file is binary (contains NUL bytes), not text',
    });
    const latin1 = await evaluate({
      ...files,
      [p('release-readiness-checklist.md')]: new Uint8Array([
        0x2d, 0x20, 0x5b, 0x78, 0x5d, 0x20, 0xe9,
      ]),
    });
    expect(criterion(latin1, 'readiness-checklist.complete')).toMatchObject({
      status: 'error',
      reason: 'file is not valid UTF-8 text',
    });
  });

  it('reports a failing source as an error and does not reject', async () => {
    const files: EvidenceSource = {
      async read() {
        throw new Error('permission denied\nstack');
      },
    };
    const r = await evaluateReleaseGates({ files });
    expect(r.gates[0].status).toBe('error');
    expect(r.gates[0].criteria[0].reason).toBe(
      'could not read file: permission denied',
    );
  });

  it('checks a renamed location by its file name, and unknown files for existence only', async () => {
    const files = await sampleEvidence('authorization-missing-approval');
    const form = structuredClone(canonicalProtocol11Form);
    form.phases[0].evidence_collection[1].storage_location = `${EVIDENCE_DIR}v2/release-approvals.json`;
    form.phases[0].evidence_collection.push({
      evidence_item: 'CAB minutes',
      storage_location: p('cab-minutes.pdf'),
    });
    form.phases[0].quality_gate.gate_name =
      'Release Authorization Gate (payments)';
    const moved = {
      ...files,
      [p('v2/release-approvals.json')]: files[p('release-approvals.json')],
    };
    const pending = await evaluate(moved, form);
    expect(pending.gates[0].name).toBe('Release Authorization Gate (payments)');
    expect(
      criterion(pending, 'approvals.required-roles-approved'),
    ).toMatchObject({ status: 'failed', file: p('v2/release-approvals.json') });
    expect(criterion(pending, 'evidence.cab-minutes.pdf.present').status).toBe(
      'pending',
    );
    const present = await evaluate(
      { ...moved, [p('cab-minutes.pdf')]: new Uint8Array([0x25, 0x50, 0, 1]) },
      form,
    );
    expect(
      criterion(present, 'evidence.cab-minutes.pdf.present'),
    ).toMatchObject({ status: 'passed', reason: 'file is present' });
  });

  it('adds playbook-required evidence the form leaves out', async () => {
    const form = structuredClone(canonicalProtocol11Form);
    form.phases[0].evidence_collection = [];
    const r = await evaluate(await sampleEvidence('all-passed'), form);
    expect(r.gates[0].criteria.map(c => c.id)).toEqual([
      'readiness-checklist.complete',
      'approvals.required-roles-approved',
      'approvals.none-rejected',
      'rollback-plan.sections',
    ]);
  });

  it('survives a form that is not a form', async () => {
    const r = await evaluateReleaseGates({
      form: { phases: 'nope' } as unknown as Protocol11Form,
      files: evidenceFromRecord({}),
    });
    expect(statuses(r)).toEqual(['pending', 'blocked', 'blocked']);
    expect(r.gates[0].name).toBe('Release Authorization Gate');
  });
});
