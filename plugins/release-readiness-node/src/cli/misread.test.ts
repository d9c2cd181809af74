/**
 * @jest-environment node
 *
 * The five inputs of issue 9 ("gates that never pass on a misread"), each run
 * through the real `release-readiness` bin as a child process. Each starts
 * from evidence that passes, so the only change is the misread under test.
 */
import fs from 'fs';
import path from 'path';
import {
  canonicalProtocol11Form,
  EVIDENCE_DIR,
  renderProtocol11Document,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { sampleEvidence } from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { makeTempDir, runBin, STACK_TRACE } from './testUtils';

jest.setTimeout(60_000);

const approvals = (decisions: string[]) =>
  `{
  "required_roles": ["cab", "business-owner"],
  "approvals": [
    { "role": "cab", "approver": "jane@example.com", "decision": "approved", "decided_at": "2024-05-01T09:00:00Z" },
    { "role": "business-owner", "approver": "sam@example.com",
${decisions.map(d => `      "decision": "${d}",`).join('\n')}
      "decided_at": "2024-05-01T09:10:00Z" }
  ]
}
`;

describe('issue 9: the CLI never passes a gate on a misread', () => {
  const dirs: string[] = [];
  afterAll(() =>
    dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })),
  );

  /** A repository whose evidence passes every gate, with `files` replaced. */
  async function repo(
    files: Record<string, string | Buffer> = {},
  ): Promise<string> {
    const dir = makeTempDir();
    dirs.push(dir);
    const all = { ...(await sampleEvidence('all-passed')), ...files };
    for (const [file, content] of Object.entries(all)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    return dir;
  }

  async function gate1(files: Record<string, string | Buffer>) {
    const run = await runBin([
      'gate',
      '--dir',
      await repo(files),
      '--require',
      '1',
      '--json',
    ]);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    const out = JSON.parse(run.stdout);
    return { code: run.code, gate: out.readiness.gates[0] };
  }

  it('the baseline passes gate 1, with a single approval and a ticked checklist', async () => {
    const { code, gate } = await gate1({
      [`${EVIDENCE_DIR}release-approvals.json`]: approvals(['approved']),
    });
    expect(code).toBe(0);
    expect(gate.status).toBe('passed');
  });

  it('1. a duplicate "decision" key is an error naming the key and its line, not a pass', async () => {
    const { code, gate } = await gate1({
      [`${EVIDENCE_DIR}release-approvals.json`]: approvals([
        'rejected',
        'approved',
      ]),
    });
    expect(code).toBe(1);
    expect(gate.status).toBe('error');
    const errors = gate.criteria.filter(
      (c: { status: string }) => c.status === 'error',
    );
    expect(errors.length).toBeGreaterThan(0);
    for (const c of errors) {
      expect(c.field).toBe('approvals[1].decision');
      expect(c.reason).toContain(
        'duplicate key "decision" in approvals[1] at line 7, column 7 (first at line 6)',
      );
    }
  });

  it('2. an open box in a block quote fails the checklist, naming its line', async () => {
    const checklist =
      '# Release readiness checklist\n\n- [x] Release notes published\n- [x] On-call confirmed\n> - [ ] Security sign-off by the platform team\n';
    const { code, gate } = await gate1({
      [`${EVIDENCE_DIR}release-readiness-checklist.md`]: checklist,
    });
    expect(code).toBe(1);
    expect(gate.status).toBe('failed');
    const c = gate.criteria.find(
      (x: { id: string }) => x.id === 'readiness-checklist.complete',
    );
    expect(c).toMatchObject({
      status: 'failed',
      field: 'line 5',
      reason: 'item not ticked: "Security sign-off by the platform team"',
    });
  });

  it('3. an impossible decided_at (30 February) is an error naming approvals[0].decided_at', async () => {
    const text = approvals(['approved']).replace(
      '2024-05-01T09:00:00Z',
      '2024-02-30T09:00:00Z',
    );
    const { code, gate } = await gate1({
      [`${EVIDENCE_DIR}release-approvals.json`]: text,
    });
    expect(code).toBe(1);
    expect(gate.status).toBe('error');
    const c = gate.criteria.find(
      (x: { id: string }) => x.id === 'approvals.required-roles-approved',
    );
    expect(c.field).toBe('approvals[0].decided_at');
    expect(c.reason).toContain(
      'approvals[0].decided_at must be a real calendar date-time',
    );
  });

  it('4. the canonical document with a UTF-8 byte order mark validates like the same bytes without it', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const doc = renderProtocol11Document(canonicalProtocol11Form);
    fs.writeFileSync(path.join(dir, 'plain.md'), doc);
    fs.writeFileSync(
      path.join(dir, 'bom.md'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)]),
    );
    const plain = await runBin([
      'validate',
      path.join(dir, 'plain.md'),
      '--json',
    ]);
    const bom = await runBin(['validate', path.join(dir, 'bom.md'), '--json']);
    expect(plain.code).toBe(0);
    expect(bom.code).toBe(0);
    expect(JSON.parse(bom.stdout)).toEqual(JSON.parse(plain.stdout));
  });

  it('5. a form with a YAML alias bomb exits 1 with a form problem and its line', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const levels = 'abcdefghi'.split('');
    const bomb = levels
      .map(
        (name, i) =>
          `${name}: &${name} [${Array(9)
            .fill(i === 0 ? '"lol"' : `*${levels[i - 1]}`)
            .join(', ')}]`,
      )
      .join('\n');
    fs.writeFileSync(path.join(dir, 'bomb.yaml'), `${bomb}\n`);
    const run = await runBin([
      'generate',
      '--form',
      path.join(dir, 'bomb.yaml'),
      '--out',
      path.join(dir, 'out'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /YAML aliases at line 2, column \d+ expand to too many values/,
    );
    expect(run.stderr).not.toContain('unexpected error');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('5. deep nesting and oversized forms are form problems with a line too', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    fs.writeFileSync(
      path.join(dir, 'deep.yaml'),
      `ai_role: x\nphases: ${'['.repeat(5000)}\n`,
    );
    const deep = await runBin([
      'generate',
      '--form',
      path.join(dir, 'deep.yaml'),
      '--out',
      path.join(dir, 'out'),
    ]);
    expect(deep.code).toBe(1);
    expect(deep.stderr).toMatch(
      /YAML nested more than 64 levels deep at line 2/,
    );
    fs.writeFileSync(
      path.join(dir, 'big.yaml'),
      `ai_role: |\n${'  x\n'.repeat(300_000)}`,
    );
    const big = await runBin([
      'generate',
      '--form',
      path.join(dir, 'big.yaml'),
      '--out',
      path.join(dir, 'out'),
    ]);
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(
      /over the 1048576-character limit \(reached at line \d+\)/,
    );
    expect(big.stderr).not.toMatch(STACK_TRACE);
  });
});
