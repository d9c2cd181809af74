/**
 * @jest-environment node
 */
import { EVIDENCE_DIR } from '../../playbook/playbook';
import { approvalsContract } from './approvals';
import { checklistContract } from './checklist';
import { evaluateCriterion } from './testing';
import { rollbackPlanContract } from './rollbackPlan';

const run = evaluateCriterion;

const approvals = (entries: object[], required = ['cab', 'business-owner']) =>
  JSON.stringify({ required_roles: required, approvals: entries });
const ok = (role: string, decision = 'approved') => ({
  role,
  approver: `${role}@example.com`,
  decision,
  decided_at: '2024-05-01T09:00:00Z',
});

describe('readiness-checklist.complete', () => {
  const id = 'readiness-checklist.complete';
  it('passes when every box is ticked', async () => {
    const r = await run(
      checklistContract,
      '# C\n- [x] one\n* [X] two\n1. [x] three\n',
      id,
    );
    expect(r).toMatchObject({
      status: 'passed',
      reason: 'all 3 item(s) ticked',
    });
  });
  it('fails on an open box, naming its line', async () => {
    const r = await run(
      checklistContract,
      '---\nrelease: v1\n---\n- [x] one\n- [ ] on-call coverage\n',
      id,
    );
    expect(r).toMatchObject({ status: 'failed', field: 'line 5' });
    expect(r.reason).toContain('on-call coverage');
  });
  it('fails without any box, ignoring boxes in code blocks and comments', async () => {
    const r = await run(
      checklistContract,
      '# C\n```\n- [x] in code\n```\n<!-- - [x] hidden -->\n',
      id,
    );
    expect(r.status).toBe('failed');
    expect(r.reason).toContain('no');
  });
  it('is an error when the front matter is broken', async () => {
    const r = await run(
      checklistContract,
      '---\nrelease: [v1\n---\n- [x] a\n',
      id,
    );
    expect(r.status).toBe('error');
    expect(r.reason).toContain('front matter');
  });
});

describe('approvals.required-roles-approved', () => {
  const id = 'approvals.required-roles-approved';
  it('passes when every required role approved', async () => {
    const r = await run(
      approvalsContract,
      approvals([ok('cab'), ok('Business-Owner')]),
      id,
    );
    expect(r.status).toBe('passed');
  });
  it('fails on a pending required role, naming it', async () => {
    const r = await run(
      approvalsContract,
      approvals([ok('cab'), ok('business-owner', 'pending')]),
      id,
    );
    expect(r).toMatchObject({
      status: 'failed',
      field: 'required_roles[1]',
      file: `${EVIDENCE_DIR}release-approvals.json`,
    });
    expect(r.reason).toContain('MissingApproval');
    expect(r.reason).toContain('pending');
  });
  it('fails on a required role without any decision', async () => {
    const r = await run(approvalsContract, approvals([ok('cab')]), id);
    expect(r).toMatchObject({ status: 'failed', field: 'required_roles[1]' });
  });
});

describe('approvals.none-rejected', () => {
  const id = 'approvals.none-rejected';
  it('passes when nobody rejected', async () => {
    const r = await run(
      approvalsContract,
      approvals([ok('cab'), ok('business-owner'), ok('qa', 'pending')]),
      id,
    );
    expect(r.status).toBe('passed');
  });
  it('fails on a rejection, naming its decision field', async () => {
    const r = await run(
      approvalsContract,
      approvals([ok('cab'), ok('business-owner'), ok('security', 'rejected')]),
      id,
    );
    expect(r).toMatchObject({
      status: 'failed',
      field: 'approvals[2].decision',
    });
  });
});

describe('approvals file errors', () => {
  it('reports a wrong decision value at its exact path', async () => {
    const r = await run(
      approvalsContract,
      approvals([ok('cab'), ok('business-owner'), ok('qa', 'maybe')]),
      'approvals.none-rejected',
    );
    expect(r).toMatchObject({
      status: 'error',
      field: 'approvals[2].decision',
    });
    expect(r.reason).toContain('approved');
  });
  it('reports malformed JSON with its line', async () => {
    const r = await run(
      approvalsContract,
      '{\n  "required_roles": ["cab"],\n  "approvals": [\n}',
      'approvals.required-roles-approved',
    );
    expect(r.status).toBe('error');
    expect(r.reason).toMatch(/^not valid JSON/);
    expect(r.field).toMatch(/^line 4/);
  });
  it('reports wrong types', async () => {
    const r = await run(
      approvalsContract,
      '{"required_roles": "cab", "approvals": []}',
      'approvals.required-roles-approved',
    );
    expect(r).toMatchObject({ status: 'error', field: 'required_roles' });
    expect(r.reason).toContain('must be an array');
  });
  it('reports a bad date-time', async () => {
    const r = await run(
      approvalsContract,
      approvals([{ ...ok('cab'), decided_at: 'yesterday' }], ['cab']),
      'approvals.required-roles-approved',
    );
    expect(r).toMatchObject({
      status: 'error',
      field: 'approvals[0].decided_at',
    });
  });
});

describe('rollback-plan.sections', () => {
  const id = 'rollback-plan.sections';
  const plan = (procedure: string) =>
    `# Plan\n## Owners\n- ops\n## Triggers:\n- errors\n## procedure\n${procedure}`;
  it('passes with owners, triggers and procedure filled in', async () => {
    const r = await run(rollbackPlanContract, plan('1. switch back\n'), id);
    expect(r.status).toBe('passed');
  });
  it('fails on an empty section (a placeholder comment is not content)', async () => {
    const r = await run(rollbackPlanContract, plan('<!-- TODO -->\n'), id);
    expect(r).toMatchObject({ status: 'failed', field: '## Procedure' });
    expect(r.reason).toContain('"Procedure" empty');
  });
  it('fails on a missing section', async () => {
    const r = await run(
      rollbackPlanContract,
      '## Owners\nops\n## Procedure\nsteps\n',
      id,
    );
    expect(r).toMatchObject({ status: 'failed', field: '## Triggers' });
    expect(r.reason).toContain('"Triggers" missing');
  });
  it('does not count headings inside code blocks', async () => {
    const r = await run(
      rollbackPlanContract,
      '## Owners\nops\n```\n## Triggers\n```\n## Procedure\nsteps\n',
      id,
    );
    expect(r.status).toBe('failed');
  });
});
