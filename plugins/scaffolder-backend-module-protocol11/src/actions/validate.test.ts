import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  canonicalProtocol11Form,
  renderProtocol11Document,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse, stringify } from 'yaml';
import { createProtocol11ValidateAction } from './validate';
import { examples } from './validate.examples';

const DOC = '11-production-deployment-release-management.md';
const FORM = 'protocol-input-form-11-deployment.yaml';
const reference = readFileSync(
  resolve(
    __dirname,
    '../../../../../shared/reference/11-production-deployment-release-management.reference.md',
  ),
  'utf8',
);

describe('protocol11:validate', () => {
  const action = createProtocol11ValidateAction();
  const workspace = createMockDirectory();
  const generated = renderProtocol11Document(canonicalProtocol11Form);

  beforeEach(() => workspace.clear());

  it('passes a generated document checked against the form beside it', async () => {
    workspace.setContent({
      [DOC]: generated,
      [FORM]: stringify(canonicalProtocol11Form),
    });
    const ctx = createMockActionContext({
      input: {},
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('passed', true);
    const checks = (ctx.output as jest.Mock).mock.calls.find(
      c => c[0] === 'checks',
    )[1];
    expect(checks.map((c: { id: string }) => c.id)).toContain(
      'must-steps-verbatim',
    );
  });

  it('reads a document and form saved with a UTF-8 byte order mark as the same bytes without it', async () => {
    const outputs = async (bom: string) => {
      workspace.clear();
      workspace.setContent({
        [DOC]: Buffer.from(`${bom}${generated}`, 'utf8'),
        [FORM]: Buffer.from(`${bom}${stringify(canonicalProtocol11Form)}`),
      });
      const ctx = createMockActionContext({
        input: {},
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      return (ctx.output as jest.Mock).mock.calls;
    };
    const withBom = await outputs('\uFEFF');
    expect(readFileSync(resolve(workspace.path, DOC)).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
    expect(withBom).toContainEqual(['passed', true]);
    expect(withBom).toEqual(await outputs(''));
  });

  it('fails the step on the reference document, naming the failed checks', async () => {
    workspace.setContent({
      [DOC]: reference,
      [FORM]: stringify(canonicalProtocol11Form),
    });
    const ctx = createMockActionContext({
      input: {},
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /fails playbook checks: .*automation-scripts/,
    );
    expect(ctx.output).toHaveBeenCalledWith('passed', false);
  });

  it('reports without failing when not strict', async () => {
    workspace.setContent({ [DOC]: reference });
    const ctx = createMockActionContext({
      input: { strict: false },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('failedChecks', [
      'step-actions',
      'automation-scripts',
    ]);
  });

  it('names the missing file', async () => {
    const ctx = createMockActionContext({
      input: { documentPath: 'docs/none.md' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'documentPath: no file "docs/none.md" in the workspace',
    );
  });

  it('refuses a path outside the workspace', async () => {
    const ctx = createMockActionContext({
      input: { documentPath: '../../etc/passwd' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx)).rejects.toThrow(/outside|not allowed/i);
  });

  it.each(examples.map(e => [e.description, e.example] as const))(
    'runs the example: %s',
    async (_d, example) => {
      const step = parse(example).steps[0];
      const dir = step.input.documentPath ? 'docs/' : '';
      workspace.setContent({
        [`${dir}${DOC}`]: generated,
        [`${dir}${FORM}`]: stringify(canonicalProtocol11Form),
      });
      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: workspace.path,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('passed', true);
    },
  );
});
