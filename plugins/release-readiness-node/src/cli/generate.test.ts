import fs from 'fs';
import path from 'path';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  canonicalFormPath,
  makeTempDir,
  referenceDir,
  replaceNth,
  runBin,
  STACK_TRACE,
  writeEditedForm,
} from './testUtils';

const TIMEOUT = 60_000;

describe('release-readiness generate (child process)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(
    'writes the document for the canonical form into a new folder',
    async () => {
      const out = path.join(tmp, 'nested', 'docs');
      const run = await runBin([
        'generate',
        '--form',
        canonicalFormPath,
        '--out',
        out,
      ]);
      const target = path.join(out, PROTOCOL11_DOCUMENT_FILE);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(target);
      expect(fs.readdirSync(out)).toEqual([PROTOCOL11_DOCUMENT_FILE]);
      const doc = fs.readFileSync(target, 'utf8');
      expect(doc).toMatch(
        /^# PROTOCOL 11: PRODUCTION DEPLOYMENT & RELEASE MANAGEMENT/,
      );
      expect(doc).toContain('**Quality Gate: Release Authorization Gate**');
    },
    TIMEOUT,
  );

  it(
    'resolves relative paths from the working folder and replaces an earlier document',
    async () => {
      const out = path.join(tmp, 'out');
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, PROTOCOL11_DOCUMENT_FILE), 'stale');
      fs.copyFileSync(canonicalFormPath, path.join(tmp, 'form.yaml'));
      const run = await runBin(
        ['generate', '--form', 'form.yaml', '--out', 'out'],
        tmp,
      );
      expect(run.code).toBe(0);
      expect(fs.readdirSync(out)).toEqual([PROTOCOL11_DOCUMENT_FILE]);
      expect(
        fs.readFileSync(path.join(out, PROTOCOL11_DOCUMENT_FILE), 'utf8'),
      ).toContain('## 7. HANDOFF CHECKLIST');
    },
    TIMEOUT,
  );

  const badForms: {
    name: string;
    form: (dir: string) => string;
    expected: (string | RegExp)[];
  }[] = [
    {
      name: 'a blank primary guardrail',
      form: dir =>
        writeEditedForm(dir, 'blank-guardrail.yaml', text =>
          text.replace(/^primary_guardrail: .*$/m, 'primary_guardrail: "   "'),
        ),
      expected: ['primary_guardrail: must not be blank'],
    },
    {
      name: 'a step with an unknown action_type',
      form: dir =>
        writeEditedForm(dir, 'bad-action-type.yaml', text =>
          replaceNth(text, 'action_type: "MUST"', 2, 'action_type: "SHOULD"'),
        ),
      expected: [
        'phases[0].steps[1].action_type: must be "MUST" or "GUIDELINE", not "SHOULD"',
      ],
    },
    {
      name: 'two problems at once',
      form: dir =>
        writeEditedForm(dir, 'two-problems.yaml', text =>
          replaceNth(
            text.replace(/^ai_role: .*$/m, 'ai_role: ""'),
            'action_type: "MUST"',
            5,
            'action_type: "OPTIONAL"',
          ),
        ),
      expected: [
        'ai_role: must not be blank',
        'phases[1].steps[2].action_type',
      ],
    },
    {
      name: 'the four-phase upstream form',
      form: () =>
        path.join(referenceDir, 'upstream-variants/form-four-phases.yaml'),
      expected: [
        /phases: Protocol 11 has exactly three phases.*this form has 4/,
      ],
    },
    {
      name: 'a YAML syntax error',
      form: dir =>
        writeEditedForm(dir, 'syntax-error.yaml', text =>
          text.replace(/^ai_role: .*$/m, 'ai_role: [unclosed'),
        ),
      expected: [/YAML syntax error at line \d+, column \d+/],
    },
    {
      name: 'a YAML list at the top level',
      form: dir => {
        const file = path.join(dir, 'list.yaml');
        fs.writeFileSync(
          file,
          '- protocol_number: "11"\n- protocol_name: deployment\n',
        );
        return file;
      },
      expected: ['the form must be a mapping of fields, not a list'],
    },
  ];

  it.each(badForms)(
    'refuses $name: exit 1, every problem by path, no stack trace, nothing written',
    async ({ form, expected }) => {
      const missingOut = path.join(tmp, 'never-created');
      const existingOut = path.join(tmp, 'existing');
      fs.mkdirSync(existingOut);
      const formFile = form(tmp);
      const [first, second] = await Promise.all([
        runBin(['generate', '--form', formFile, '--out', missingOut]),
        runBin(['generate', '--form', formFile, '--out', existingOut]),
      ]);
      for (const run of [first, second]) {
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        for (const text of expected) {
          expect(run.stderr).toMatch(text);
        }
        expect(run.stderr).not.toMatch(STACK_TRACE);
        expect(run.stderr).toContain('nothing was written');
      }
      expect(fs.existsSync(missingOut)).toBe(false);
      expect(fs.readdirSync(existingOut)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'reports the line and column of a YAML syntax error',
    async () => {
      const formFile = writeEditedForm(tmp, 'syntax.yaml', text =>
        text.replace(
          /^domain_compliance: .*$/m,
          'domain_compliance: "unterminated',
        ),
      );
      const run = await runBin([
        'generate',
        '--form',
        formFile,
        '--out',
        path.join(tmp, 'out'),
      ]);
      expect(run.code).toBe(1);
      const match = /YAML syntax error at line (\d+), column (\d+)/.exec(
        run.stderr,
      );
      expect(match).not.toBeNull();
      const line =
        fs
          .readFileSync(formFile, 'utf8')
          .split('\n')
          .indexOf('domain_compliance: "unterminated') + 1;
      expect(Number(match![1])).toBeGreaterThanOrEqual(line);
      expect(Number(match![2])).toBeGreaterThanOrEqual(1);
      expect(run.stderr).not.toMatch(STACK_TRACE);
    },
    TIMEOUT,
  );

  it(
    'exits 2 with a clear message when the form file cannot be read',
    async () => {
      const out = path.join(tmp, 'out');
      const [missing, folder] = await Promise.all([
        runBin([
          'generate',
          '--form',
          path.join(tmp, 'no-such-form.yaml'),
          '--out',
          out,
        ]),
        runBin(['generate', '--form', tmp, '--out', out]),
      ]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(
        /cannot read form file .*no-such-form\.yaml: no such file/,
      );
      expect(folder.code).toBe(2);
      expect(folder.stderr).toMatch(
        /cannot read form file .*: it is a directory/,
      );
      for (const run of [missing, folder]) {
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).not.toMatch(STACK_TRACE);
      }
      expect(fs.existsSync(out)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'exits 2 when the document cannot be written, leaving no temporary file behind',
    async () => {
      const out = path.join(tmp, 'out');
      fs.mkdirSync(path.join(out, PROTOCOL11_DOCUMENT_FILE), {
        recursive: true,
      });
      const blocker = path.join(tmp, 'a-file');
      fs.writeFileSync(blocker, '');
      const [intoFolder, underFile] = await Promise.all([
        runBin(['generate', '--form', canonicalFormPath, '--out', out]),
        runBin(['generate', '--form', canonicalFormPath, '--out', blocker]),
      ]);
      expect(intoFolder.code).toBe(2);
      expect(intoFolder.stderr).toContain('cannot write');
      expect(underFile.code).toBe(2);
      expect(underFile.stderr).toContain('is not a folder');
      expect(intoFolder.stderr + underFile.stderr).not.toMatch(STACK_TRACE);
      expect(fs.readdirSync(out)).toEqual([PROTOCOL11_DOCUMENT_FILE]);
      expect(fs.readFileSync(blocker, 'utf8')).toBe('');
    },
    TIMEOUT,
  );
});
