import fs from 'fs';
import path from 'path';
import { InputError, NotFoundError } from '@backstage/errors';
import { canonicalFormPath, makeTempDir } from '../cli/testUtils';
import { readProtocol11FormFile } from './readFormFile';

describe('readProtocol11FormFile', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('returns the checked canonical form', async () => {
    const form = await readProtocol11FormFile(canonicalFormPath);
    expect(form.phases).toHaveLength(3);
    expect(form.phases[0].quality_gate.gate_name).toBe(
      'Release Authorization Gate',
    );
  });

  it('throws an InputError listing every problem by path', async () => {
    const file = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(canonicalFormPath, 'utf8')
        .replace(/^ai_role: .*$/m, 'ai_role: ""')
        .replace(/^primary_guardrail: .*$/m, 'primary_guardrail: ""'),
    );
    const error = await readProtocol11FormFile(file).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('- ai_role: must not be blank');
    expect(error.message).toContain('- primary_guardrail: must not be blank');
  });

  it('throws a NotFoundError for a missing file', async () => {
    await expect(
      readProtocol11FormFile(path.join(tmp, 'missing.yaml')),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
