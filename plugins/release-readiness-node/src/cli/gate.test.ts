/**
 * @jest-environment node
 */
import fs from 'fs';
import path from 'path';
import {
  sampleEvidence,
  SampleEvidenceState,
} from '@release-readiness/backstage-plugin-release-readiness-common/testUtils';
import { CliExitCode } from './io';
import { runCli } from './runCli';
import { makeTempDir, memoryIo, runBin, STACK_TRACE } from './testUtils';

async function repoWith(state: SampleEvidenceState): Promise<string> {
  const dir = makeTempDir();
  for (const [file, content] of Object.entries(await sampleEvidence(state))) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe('release-readiness gate', () => {
  const dirs: string[] = [];
  const repo = async (state: SampleEvidenceState) => {
    const dir = await repoWith(state);
    dirs.push(dir);
    return dir;
  };
  afterAll(() =>
    dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })),
  );

  it('exits 0 when every gate has passed', async () => {
    const io = memoryIo(await repo('all-passed'));
    await expect(runCli(['gate', '--dir', '.'], io)).resolves.toBe(
      CliExitCode.Ok,
    );
    expect(io.out()).toContain('PASSED: every gate passed.');
    expect(io.out()).toContain('Handoff to Protocol 12');
  });

  it('blocks a deploy while Release Authorization has not passed, naming the file that blocks it', async () => {
    const io = memoryIo(await repo('authorization-missing-approval'));
    await expect(
      runCli(['gate', '--dir', '.', '--require', 'release-authorization'], io),
    ).resolves.toBe(CliExitCode.Failed);
    expect(io.out()).toMatch(/✗ Release Authorization Gate: failed/);
    expect(io.out()).toContain('.artifacts/deployment/release-approvals.json');
    expect(io.out()).toContain(
      'NOT PASSED: Release Authorization Gate has not passed.',
    );
  });

  it('lets a deploy through once Release Authorization has passed, whatever comes later', async () => {
    const dir = await repo('deployment-failed');
    await expect(
      runCli(['gate', '--dir', dir, '--require', '1'], memoryIo()),
    ).resolves.toBe(CliExitCode.Ok);
    await expect(runCli(['gate', '--dir', dir], memoryIo())).resolves.toBe(
      CliExitCode.Failed,
    );
  });

  it('prints the readiness as JSON', async () => {
    const io = memoryIo(await repo('stabilization-breached'));
    await expect(
      runCli(
        ['gate', '--dir', '.', '--json', '--require', 'stabilization-handoff'],
        io,
      ),
    ).resolves.toBe(CliExitCode.Failed);
    const json = JSON.parse(io.out());
    expect(json.passed).toBe(false);
    expect(json.required).toBe('stabilization-handoff');
    expect(
      json.readiness.gates.map((g: { status: string }) => g.status),
    ).toEqual(['passed', 'passed', 'failed']);
  });

  it('reports malformed evidence as an error and exits 1, with no stack trace', async () => {
    const io = memoryIo(await repo('malformed'));
    await expect(runCli(['gate', '--dir', '.'], io)).resolves.toBe(
      CliExitCode.Failed,
    );
    expect(io.out()).toMatch(/! .*: error/);
    expect(io.out() + io.err()).not.toMatch(STACK_TRACE);
  });

  it.each([
    [['gate'], /required option '--dir <dir>' not specified/],
    [['gate', '--dir', 'no-such-dir'], /--dir no-such-dir is not a directory/],
    [
      ['gate', '--dir', '.', '--require', 'launch'],
      /--require launch names no gate/,
    ],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const io = memoryIo(makeTempDir());
    await expect(runCli(args, io)).resolves.toBe(CliExitCode.UsageOrIo);
    expect(io.err()).toMatch(message);
  });

  it('runs as a real process from a pipeline', async () => {
    const dir = await repo('authorization-missing-approval');
    const run = await runBin([
      'gate',
      '--dir',
      dir,
      '--require',
      'release-authorization',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('release-approvals.json');
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});
