/**
 * @jest-environment node
 */
import { EVIDENCE_DIR } from '../../playbook/playbook';
import { sha256Hex } from '../source';
import { archiveManifestContract } from './archiveManifest';
import { communicationLogContract } from './communicationLog';
import { evaluateCriterion } from './testing';
import { healthReportContract } from './healthReport';

const dir = EVIDENCE_DIR;

const run = evaluateCriterion;

const health = (metrics: string) =>
  `---\nwindow_minutes: 30\nmetrics:\n${metrics}---\n# Health\n`;

describe('health-report.metrics-within-thresholds', () => {
  const id = 'health-report.metrics-within-thresholds';
  it('passes when every metric is within its thresholds', async () => {
    const r = await run(
      healthReportContract,
      health(
        '  - { name: errors, value: 0.5, max: 1 }\n  - { name: availability, value: 99.95, min: 99.9, max: 100 }\n',
      ),
      id,
    );
    expect(r).toMatchObject({ status: 'passed', field: 'metrics' });
  });
  it('fails when a metric is above its max, naming it', async () => {
    const r = await run(
      healthReportContract,
      health(
        '  - { name: errors, value: 0.5, max: 1 }\n  - { name: p95_ms, value: 450, max: 300, unit: ms }\n',
      ),
      id,
    );
    expect(r).toMatchObject({ status: 'failed', field: 'metrics[1].value' });
    expect(r.reason).toBe(
      'HealthDegradation: p95_ms = 450 ms is above max 300',
    );
  });
  it('fails when a metric is below its min', async () => {
    const r = await run(
      healthReportContract,
      health('  - { name: availability, value: 98, min: 99.9 }\n'),
      id,
    );
    expect(r).toMatchObject({ status: 'failed', field: 'metrics[0].value' });
  });
  it('fails with no metrics', async () => {
    expect(
      (
        await run(
          healthReportContract,
          health('  []\n').replace('metrics:\n  []', 'metrics: []'),
          id,
        )
      ).status,
    ).toBe('failed');
  });
  it('is an error without front matter, threshold or numeric value', async () => {
    expect(
      await run(healthReportContract, '# Health\nAll good\n', id),
    ).toMatchObject({ status: 'error', field: 'front matter' });
    expect(
      await run(
        healthReportContract,
        health('  - { name: errors, value: 0.5 }\n'),
        id,
      ),
    ).toMatchObject({ status: 'error', field: 'metrics[0]' });
    expect(
      await run(
        healthReportContract,
        health('  - { name: errors, value: "low", max: 1 }\n'),
        id,
      ),
    ).toMatchObject({ status: 'error', field: 'metrics[0].value' });
  });
});

describe('communication-log.entries', () => {
  const id = 'communication-log.entries';
  it('passes with a dated entry that has a message', async () => {
    const r = await run(
      communicationLogContract,
      '# Log\n## 2024-05-01T10:40:00Z — #releases\nv2.4.0 is live.\n',
      id,
    );
    expect(r).toMatchObject({
      status: 'passed',
      reason: '1 stakeholder communication(s) logged',
    });
  });
  it('fails without entries', async () => {
    expect(
      (
        await run(
          communicationLogContract,
          '# Log\n## Summary\nnothing sent yet\n',
          id,
        )
      ).status,
    ).toBe('failed');
  });
  it('fails on an entry without a message, naming its line', async () => {
    const r = await run(
      communicationLogContract,
      '# Log\n## 2024-05-01 — email\nsent\n## 2024-05-02 10:00 — #ops\n<!-- todo -->\n',
      id,
    );
    expect(r).toMatchObject({ status: 'failed', field: 'line 4' });
  });
});

describe('archive manifest', () => {
  const plan = `${dir}rollback-plan.md`;
  const approvals = `${dir}release-approvals.json`;
  const files = { [plan]: '## Owners\nops\n', [approvals]: '{}' };
  const manifest = async (entries?: object[]) =>
    JSON.stringify({
      files: entries ?? [
        { path: plan, sha256: await sha256Hex(files[plan]) },
        {
          path: 'release-approvals.json',
          sha256: (await sha256Hex(files[approvals])).toUpperCase(),
        },
      ],
    });

  it('archive-manifest.hashes passes when every hash matches', async () => {
    expect(
      (
        await run(
          archiveManifestContract,
          await manifest(),
          'archive-manifest.hashes',
          files,
        )
      ).status,
    ).toBe('passed');
  });
  it('archive-manifest.hashes fails on a tampered file, naming it', async () => {
    const text = await manifest();
    const r = await run(
      archiveManifestContract,
      text,
      'archive-manifest.hashes',
      { ...files, [plan]: '## Owners\nsomeone else\n' },
    );
    expect(r).toMatchObject({ status: 'failed', field: 'files[0].sha256' });
    expect(r.reason).toContain('rollback-plan.md changed after archiving');
  });
  it('archive-manifest.hashes fails when a listed file is missing', async () => {
    const r = await run(
      archiveManifestContract,
      await manifest(),
      'archive-manifest.hashes',
      { [approvals]: '{}' },
    );
    expect(r).toMatchObject({ status: 'failed', field: 'files[0].path' });
  });
  it('archive-manifest.hashes refuses paths outside the evidence folder', async () => {
    const r = await run(
      archiveManifestContract,
      await manifest([{ path: '../../etc/passwd', sha256: 'a'.repeat(64) }]),
      'archive-manifest.hashes',
    );
    expect(r).toMatchObject({ status: 'error', field: 'files[0].path' });
  });
  it('is an error for a malformed hash', async () => {
    const r = await run(
      archiveManifestContract,
      await manifest([{ path: plan, sha256: 'abc' }]),
      'archive-manifest.hashes',
      files,
    );
    expect(r).toMatchObject({ status: 'error', field: 'files[0].sha256' });
  });
  it('archive-manifest.complete passes when every evidence file is listed', async () => {
    expect(
      (
        await run(
          archiveManifestContract,
          await manifest(),
          'archive-manifest.complete',
          files,
        )
      ).status,
    ).toBe('passed');
  });
  it('archive-manifest.complete fails when an evidence file is not listed', async () => {
    const text = await manifest([
      { path: plan, sha256: await sha256Hex(files[plan]) },
    ]);
    const r = await run(
      archiveManifestContract,
      text,
      'archive-manifest.complete',
      files,
    );
    expect(r).toMatchObject({
      status: 'failed',
      field: 'files',
      reason: 'not archived: release-approvals.json',
    });
  });
});
