import fs from 'fs';
import path from 'path';
import {
  PROTOCOL11_CHECK_IDS,
  PROTOCOL11_DOCUMENT_FILE,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  canonicalFormPath,
  makeTempDir,
  referenceDir,
  runBin,
  STACK_TRACE,
  writeEditedForm,
} from './testUtils';

const TIMEOUT = 60_000;
const referenceDoc = path.join(
  referenceDir,
  '11-production-deployment-release-management.reference.md',
);
const variants = ['variant-a.md', 'variant-b.md', 'variant-c.md'].map(name =>
  path.join(referenceDir, 'upstream-variants', name),
);

describe('release-readiness validate (child process)', () => {
  let tmp: string;
  let generated: string;

  beforeAll(async () => {
    tmp = makeTempDir();
    const run = await runBin([
      'generate',
      '--form',
      canonicalFormPath,
      '--out',
      tmp,
    ]);
    if (run.code !== 0)
      throw new Error(`generate failed (exit ${run.code}): ${run.stderr}`);
    generated = path.join(tmp, PROTOCOL11_DOCUMENT_FILE);
  }, TIMEOUT);
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(
    'passes the generated document: exit 0, one line per check and a summary',
    async () => {
      const run = await runBin([
        'validate',
        generated,
        '--form',
        canonicalFormPath,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      const checkLines = lines.filter(line => /^[✓✗] /.test(line));
      expect(checkLines.map(line => line.split(':')[0].slice(2))).toEqual([
        ...PROTOCOL11_CHECK_IDS,
      ]);
      expect(checkLines.every(line => line.startsWith('✓ '))).toBe(true);
      expect(lines[lines.length - 1]).toMatch(
        /^PASSED: .*\((\d+)\/\1 checks passed\)\.$/,
      );
    },
    TIMEOUT,
  );

  it(
    'without --form says which word-for-word checks it skipped',
    async () => {
      const run = await runBin(['validate', generated]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/word-for-word checks? skipped/);
    },
    TIMEOUT,
  );

  it(
    'fails the hand-written reference document with exit 1 and names the failing checks',
    async () => {
      const run = await runBin([
        'validate',
        referenceDoc,
        '--form',
        canonicalFormPath,
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^✗ automation-scripts: .*deployment_executor\.py/m,
      );
      expect(run.stdout).toMatch(/^✗ must-steps-verbatim: /m);
      expect(run.stdout).toMatch(/^FAILED: .*checks failed\)\.$/m);
      expect(run.stderr).toBe('');
    },
    TIMEOUT,
  );

  it(
    'fails every upstream variant with exit 1',
    async () => {
      const runs = await Promise.all(
        variants.map(doc => runBin(['validate', doc])),
      );
      for (const run of runs) {
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/^✗ /m);
        expect(run.stdout).toMatch(/^FAILED: /m);
      }
    },
    TIMEOUT,
  );

  it(
    'prints exactly {passed, checks: [{id, passed, message}]} with --json',
    async () => {
      const [good, reference] = await Promise.all([
        runBin(['validate', generated, '--json', '--form', canonicalFormPath]),
        runBin(['validate', referenceDoc, '--json']),
      ]);
      expect(good.code).toBe(0);
      expect(reference.code).toBe(1);
      for (const run of [good, reference]) {
        const report = JSON.parse(run.stdout);
        expect(Object.keys(report).sort()).toEqual(['checks', 'passed']);
        expect(typeof report.passed).toBe('boolean');
        expect(Array.isArray(report.checks)).toBe(true);
        expect(report.checks.length).toBeGreaterThan(0);
        for (const check of report.checks) {
          expect(Object.keys(check)).toEqual(['id', 'passed', 'message']);
          expect(typeof check.id).toBe('string');
          expect(typeof check.passed).toBe('boolean');
          expect(typeof check.message).toBe('string');
        }
      }
      expect(JSON.parse(good.stdout).passed).toBe(true);
      const failing = JSON.parse(reference.stdout);
      expect(failing.passed).toBe(false);
      expect(
        failing.checks.find(
          (c: { id: string }) => c.id === 'automation-scripts',
        ).passed,
      ).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'exits 2 for a missing document, an unknown option and a missing argument, without stack traces',
    async () => {
      const [missing, unknown, noArgument] = await Promise.all([
        runBin(['validate', path.join(tmp, 'no-such-doc.md')]),
        runBin(['validate', generated, '--strict']),
        runBin(['validate']),
      ]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(
        /cannot read document .*no-such-doc\.md: no such file/,
      );
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("unknown option '--strict'");
      expect(noArgument.code).toBe(2);
      expect(noArgument.stderr).toContain(
        "missing required argument 'document'",
      );
      for (const run of [missing, unknown, noArgument]) {
        expect(run.stdout).toBe('');
        expect(run.stderr).not.toMatch(STACK_TRACE);
      }
    },
    TIMEOUT,
  );

  it(
    'exits 2 and lists the problems when the form given with --form is invalid or unreadable',
    async () => {
      const badForm = writeEditedForm(tmp, 'blank-role.yaml', text =>
        text.replace(/^ai_role: .*$/m, 'ai_role: ""'),
      );
      const [invalid, missing] = await Promise.all([
        runBin(['validate', generated, '--form', badForm]),
        runBin([
          'validate',
          generated,
          '--form',
          path.join(tmp, 'no-such-form.yaml'),
        ]),
      ]);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toContain('ai_role: must not be blank');
      expect(invalid.stdout).toBe('');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(
        /cannot read form file .*no-such-form\.yaml/,
      );
      expect(invalid.stderr + missing.stderr).not.toMatch(STACK_TRACE);
    },
    TIMEOUT,
  );
});
