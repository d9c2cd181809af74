import fs from 'fs';
import path from 'path';
import { PROTOCOL11_DOCUMENT_FILE } from '@release-readiness/backstage-plugin-release-readiness-common';
import { CliExitCode } from './io';
import { runCli } from './runCli';
import {
  canonicalFormPath,
  makeTempDir,
  memoryIo,
  STACK_TRACE,
} from './testUtils';

describe('runCli (in process)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('generates and validates, resolving paths from io.cwd', async () => {
    fs.copyFileSync(canonicalFormPath, path.join(tmp, 'form.yaml'));
    const io = memoryIo(tmp);
    await expect(
      runCli(['generate', '--form', 'form.yaml', '--out', 'docs'], io),
    ).resolves.toBe(CliExitCode.Ok);
    expect(
      fs.existsSync(path.join(tmp, 'docs', PROTOCOL11_DOCUMENT_FILE)),
    ).toBe(true);

    const check = memoryIo(tmp);
    await expect(
      runCli(
        [
          'validate',
          `docs/${PROTOCOL11_DOCUMENT_FILE}`,
          '--form',
          'form.yaml',
          '--json',
        ],
        check,
      ),
    ).resolves.toBe(CliExitCode.Ok);
    expect(JSON.parse(check.out()).passed).toBe(true);
    expect(check.err()).toBe('');
  });

  it('runs each call with a fresh program', async () => {
    const first = memoryIo(tmp);
    await expect(runCli(['validate', '--json'], first)).resolves.toBe(
      CliExitCode.UsageOrIo,
    );
    const second = memoryIo(tmp);
    await expect(runCli(['--help'], second)).resolves.toBe(CliExitCode.Ok);
    expect(second.out()).toContain('Usage: release-readiness');
    expect(second.err()).toBe('');
  });

  it('reports an unexpected error on one line with exit 2', async () => {
    const io = memoryIo(tmp);
    io.stdout = {
      write: () => {
        throw new Error('stdout closed\n    at somewhere (file.ts:1:1)');
      },
    };
    fs.copyFileSync(canonicalFormPath, path.join(tmp, 'form.yaml'));
    await expect(
      runCli(['generate', '--form', 'form.yaml', '--out', 'docs'], io),
    ).resolves.toBe(CliExitCode.UsageOrIo);
    expect(io.err()).toBe(
      'release-readiness: unexpected error: stdout closed at somewhere (file.ts:1:1)\n',
    );
    expect(io.err()).not.toMatch(STACK_TRACE);
  });
});
