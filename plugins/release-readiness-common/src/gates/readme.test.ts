/**
 * @jest-environment node
 */
import { EVIDENCE_DIR } from '../playbook/playbook';
import { canonicalProtocol11Form } from './canonicalForm';
import { EVIDENCE_CONTRACTS } from './contract';
import { evaluateReleaseGates } from './engine';
import { EXAMPLE_HASHES } from './evidence/archiveManifest';
import { evidenceReadme, READING_RULES } from './readme';
import { evaluateCriterion } from './evidence/testing';
import { approvalsContract } from './evidence/approvals';
import { checklistContract } from './evidence/checklist';
import { communicationLogContract } from './evidence/communicationLog';
import { rollbackPlanContract } from './evidence/rollbackPlan';
import { telemetryContract } from './evidence/telemetry';
import { evidenceFromRecord, sha256Hex } from './source';

describe('evidenceReadme', () => {
  it('describes every evidence file of the canonical form with format, example and pass/fail rules', async () => {
    const readme = evidenceReadme(canonicalProtocol11Form);
    for (const contract of EVIDENCE_CONTRACTS) {
      expect(readme).toContain(`### \`${contract.fileName}\``);
      expect(readme).toContain(`Path: \`${EVIDENCE_DIR}${contract.fileName}\``);
      expect(readme).toContain(contract.example.split('\n')[0]);
      for (const c of contract.criteria)
        expect(readme).toContain(`\`${c.id}\``);
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
    form.phases[1].evidence_collection.push({
      evidence_item: 'Load test\n# injected heading',
      storage_location: `${EVIDENCE_DIR}load-test.html`,
    });
    const readme = evidenceReadme(form);
    expect(readme).toContain(
      '### `load-test.html` — Load test # injected heading',
    );
    expect(readme).not.toMatch(/^# injected/m);
    expect(readme).toContain('present = passes (existence only)');
  });

  it('gives examples that pass their own criteria, the manifest included', async () => {
    const files: Record<string, string> = {};
    for (const c of EVIDENCE_CONTRACTS)
      files[`${EVIDENCE_DIR}${c.fileName}`] = c.example;
    const r = await evaluateReleaseGates({ files: evidenceFromRecord(files) });
    const notPassed = r.gates
      .flatMap(g => g.criteria)
      .filter(c => c.status !== 'passed');
    expect(notPassed).toEqual([]);
    expect(r.handoffReady).toBe(true);
  });

  it('keeps the manifest example hashes in step with the examples', async () => {
    for (const c of EVIDENCE_CONTRACTS.filter(
      k => k.id !== 'archive-manifest',
    )) {
      expect([c.fileName, EXAMPLE_HASHES[c.fileName]]).toEqual([
        c.fileName,
        await sha256Hex(c.example),
      ]);
    }
  });

  describe('states every reading rule, and the engine keeps each one', () => {
    const readme = evidenceReadme(canonicalProtocol11Form);
    const rule = (name: string) => {
      const found = READING_RULES.find(r => r.startsWith(`**${name}:**`));
      expect(found).toBeDefined();
      expect(readme).toContain(`- ${found}`);
    };
    const approvals = (decided: string, extra = '') =>
      `{"required_roles":["cab"],"approvals":[{"role":"cab","approver":"a","decision":"approved",${extra}"decided_at":"${decided}"}]}`;
    const approved = 'approvals.required-roles-approved';

    it('byte order mark', async () => {
      rule('Byte order mark');
      const text = '# Checklist\n- [x] done\n';
      expect(
        await evaluateCriterion(
          checklistContract,
          `\uFEFF${text}`,
          'readiness-checklist.complete',
        ),
      ).toMatchObject({ status: 'passed' });
      const r = await evaluateReleaseGates({
        files: evidenceFromRecord({
          [`${EVIDENCE_DIR}release-approvals.json`]: new Uint8Array([
            0xef,
            0xbb,
            0xbf,
            ...new TextEncoder().encode(approvals('2024-05-01T09:00:00Z')),
          ]),
        }),
      });
      expect(r.gates[0].criteria.find(c => c.id === approved)).toMatchObject({
        status: 'passed',
      });
    });

    it('duplicate keys', async () => {
      rule('Duplicate keys');
      const dup = await evaluateCriterion(
        approvalsContract,
        approvals('2024-05-01T09:00:00Z', '"decision":"rejected",'),
        approved,
      );
      expect(dup).toMatchObject({
        status: 'error',
        field: 'approvals[0].decision',
      });
      const ndjson = await evaluateCriterion(
        telemetryContract,
        '{"timestamp":"2024-05-01T10:00:00Z","event":"a"}\n{"timestamp":"2024-05-01T10:00:00Z","event":"a","event":"b"}\n',
        'telemetry.parses',
      );
      expect(ndjson).toMatchObject({ status: 'error', field: 'event' });
      expect(ndjson.reason).toContain('line 2, column');
      const front = await evaluateCriterion(
        checklistContract,
        '---\nrelease: a\nrelease: b\n---\n- [x] a\n',
        'readiness-checklist.complete',
      );
      expect(front).toMatchObject({ status: 'error', field: 'line 3' });
    });

    it('calendar validity', async () => {
      rule('Calendar validity');
      expect(
        await evaluateCriterion(
          approvalsContract,
          approvals('2024-02-30T09:00:00Z'),
          approved,
        ),
      ).toMatchObject({ status: 'error', field: 'approvals[0].decided_at' });
      expect(
        await evaluateCriterion(
          approvalsContract,
          approvals('2024-02-29T09:00:00Z'),
          approved,
        ),
      ).toMatchObject({ status: 'passed' });
      const line = await evaluateCriterion(
        telemetryContract,
        '{"timestamp":"2023-02-29T10:00:00Z","event":"a"}\n',
        'telemetry.parses',
      );
      expect(line).toMatchObject({ status: 'error', field: 'line 1' });
      const plan =
        '---\nrehearsed_at: 2024-04-31T15:00:00Z\n---\n## Owners\na\n## Triggers\nb\n## Procedure\nc\n';
      expect(
        await evaluateCriterion(
          rollbackPlanContract,
          plan,
          'rollback-plan.sections',
        ),
      ).toMatchObject({ status: 'error', field: 'rehearsed_at' });
      const log =
        '## 2024-05-01T10:40:00Z — #releases\nlive\n\n## 2024-02-30 — #releases\nlive\n';
      expect(
        await evaluateCriterion(
          communicationLogContract,
          log,
          'communication-log.entries',
        ),
      ).toMatchObject({ status: 'error', field: 'line 4' });
    });

    it('schemas', async () => {
      rule('Schemas');
      const bad =
        '{"required_roles":["cab"],"approvals":[{"role":"cab","approver":"a","decision":"maybe","decided_at":"2024-05-01T09:00:00Z"}]}';
      expect(
        await evaluateCriterion(approvalsContract, bad, approved),
      ).toMatchObject({ status: 'error', field: 'approvals[0].decision' });
      for (const c of EVIDENCE_CONTRACTS.filter(k => k.schema))
        expect(readme).toContain(c.fileName);
    });

    it('markdown: boxes in block quotes and nested lists count', async () => {
      rule('Markdown');
      const text = '- [x] a\n  - [ ] nested\n';
      expect(
        await evaluateCriterion(
          checklistContract,
          text,
          'readiness-checklist.complete',
        ),
      ).toMatchObject({ status: 'failed', field: 'line 2' });
      expect(
        await evaluateCriterion(
          checklistContract,
          '- [x] a\n> - [ ] quoted\n',
          'readiness-checklist.complete',
        ),
      ).toMatchObject({ status: 'failed', field: 'line 2' });
    });

    it('code and HTML', async () => {
      rule('Code and HTML');
      const text =
        '- [x] a\n\nText\n\n    - [ ] indented\n\n- b\n\n  ```\n  - [ ] fenced in a list\n  ```\n<details>\n- [ ] html\n</details>\n\n<!-- - [ ] comment -->\n';
      expect(
        await evaluateCriterion(
          checklistContract,
          text,
          'readiness-checklist.complete',
        ),
      ).toMatchObject({ status: 'passed', reason: 'all 1 item(s) ticked' });
      const plan =
        '## Owners\n<!-- fill in -->\n## Triggers\nb\n## Procedure\nc\n```\n## Owners\n```\n';
      expect(
        await evaluateCriterion(
          rollbackPlanContract,
          plan,
          'rollback-plan.sections',
        ),
      ).toMatchObject({
        status: 'failed',
        reason: 'rollback plan section(s) "Owners" empty',
      });
    });

    it('headings', async () => {
      rule('Headings');
      const plan =
        'Owners\n------\na\n\n> ## **Triggers**\n> b\n\n- ## Procedure\n  c\n';
      expect(
        await evaluateCriterion(
          rollbackPlanContract,
          plan,
          'rollback-plan.sections',
        ),
      ).toMatchObject({ status: 'passed' });
      const log =
        '2024-05-01T10:40:00Z — #releases\n--------------------------------\nlive\n';
      expect(
        await evaluateCriterion(
          communicationLogContract,
          log,
          'communication-log.entries',
        ),
      ).toMatchObject({ status: 'passed' });
    });

    it('limits', async () => {
      rule('Limits');
      expect(
        await evaluateCriterion(
          checklistContract,
          `- [x] a\n${'> '.repeat(100)}- [ ] deep\n`,
          'readiness-checklist.complete',
        ),
      ).toMatchObject({ status: 'error', field: 'line 2' });
      expect(
        await evaluateCriterion(
          approvalsContract,
          `{"a":\n${'['.repeat(1000)}`,
          approved,
        ),
      ).toMatchObject({ status: 'error', field: 'line 2, column 64' });
      const bomb = `---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n- [x] a\n`;
      expect(
        await evaluateCriterion(
          checklistContract,
          bomb,
          'readiness-checklist.complete',
        ),
      ).toMatchObject({ status: 'error', field: 'line 3' });
    });
  });
});
