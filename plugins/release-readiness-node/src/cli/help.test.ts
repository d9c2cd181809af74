import { runBin, STACK_TRACE } from './testUtils';

const TIMEOUT = 60_000;

describe('release-readiness help and usage errors (child process)', () => {
  it(
    'prints help for the program and for each command with exit 0',
    async () => {
      const [root, generate, validate, helpCommand] = await Promise.all([
        runBin(['--help']),
        runBin(['generate', '--help']),
        runBin(['validate', '--help']),
        runBin(['help', 'validate']),
      ]);
      for (const run of [root, generate, validate, helpCommand]) {
        expect(run.code).toBe(0);
        expect(run.stderr).toBe('');
      }
      expect(root.stdout).toContain(
        'Usage: release-readiness [options] [command]',
      );
      expect(root.stdout).toMatch(/^\s+generate \[options\]/m);
      expect(root.stdout).toMatch(/^\s+validate \[options\] <document>/m);
      expect(generate.stdout).toContain(
        'Usage: release-readiness generate [options]',
      );
      expect(generate.stdout).toContain('--form <file>');
      expect(generate.stdout).toContain('--out <dir>');
      expect(validate.stdout).toContain(
        'Usage: release-readiness validate [options] <document>',
      );
      expect(validate.stdout).toContain('--json');
      expect(helpCommand.stdout).toBe(validate.stdout);
    },
    TIMEOUT,
  );

  it(
    'exits 2 on usage errors: no command, an unknown command, a missing option, extra arguments',
    async () => {
      const runs = await Promise.all([
        runBin([]),
        runBin(['deploy']),
        runBin(['generate', '--form', 'x.yaml']),
        runBin(['generate', '--form', 'x.yaml', '--out', 'y', '--force']),
        runBin(['validate', 'a.md', 'b.md']),
      ]);
      expect(runs.map(run => run.code)).toEqual([2, 2, 2, 2, 2]);
      for (const run of runs) {
        expect(run.stderr).not.toBe('');
        expect(run.stderr).not.toMatch(STACK_TRACE);
      }
      expect(runs[1].stderr).toContain("unknown command 'deploy'");
      expect(runs[2].stderr).toContain(
        "required option '--out <dir>' not specified",
      );
      expect(runs[3].stderr).toContain("unknown option '--force'");
      expect(runs[4].stderr).toContain('too many arguments');
    },
    TIMEOUT,
  );
});
