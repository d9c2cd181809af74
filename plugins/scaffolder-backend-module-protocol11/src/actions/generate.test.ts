import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  canonicalProtocol11Form,
  validateProtocol11Document,
  parseProtocol11Form,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { parse } from 'yaml';
import { JsonObject } from '@backstage/types';
import { createProtocol11GenerateAction } from './generate';
import { examples } from './generate.examples';

const DOC = '11-production-deployment-release-management.md';
const FORM = 'protocol-input-form-11-deployment.yaml';

describe('protocol11:generate', () => {
  const action = createProtocol11GenerateAction();
  const workspace = createMockDirectory();
  type Context = Parameters<typeof action.handler>[0];
  /** A mock context whose input is checked by the action, as the scaffolder does at run time. */
  const context = (input: object) =>
    createMockActionContext({
      input: input as JsonObject,
      workspacePath: workspace.path,
    }) as unknown as Context;

  beforeEach(() => workspace.clear());

  it('writes the document, its form and the evidence README, and reports the checks', async () => {
    const ctx = context({ form: canonicalProtocol11Form });
    await action.handler(ctx);
    const files = workspace.content() as Record<string, any>;
    expect(Object.keys(files).sort()).toEqual(['.artifacts', DOC, FORM]);
    expect(Object.keys(files['.artifacts'].deployment)).toEqual(['README.md']);
    const form = parseProtocol11Form(files[FORM]);
    expect(form.ok).toBe(true);
    const report = validateProtocol11Document(files[DOC], {
      form: form.ok ? form.form : undefined,
    });
    expect(report.passed).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith('documentPath', DOC);
    expect(ctx.output).toHaveBeenCalledWith('formPath', FORM);
    expect(ctx.output).toHaveBeenCalledWith(
      'evidenceReadmePath',
      '.artifacts/deployment/README.md',
    );
    expect(ctx.output).toHaveBeenCalledWith('passed', true);
    expect(ctx.output).toHaveBeenCalledWith('failedChecks', []);
  });

  it('writes the same bytes when run twice', async () => {
    const run = async () => {
      await action.handler(
        context({ form: canonicalProtocol11Form, targetPath: 'docs' }),
      );
      return JSON.stringify(workspace.content());
    };
    const first = await run();
    expect(await run()).toBe(first);
  });

  it('fails with the form model’s messages and writes nothing for an invalid form', async () => {
    const form = structuredClone(canonicalProtocol11Form) as {
      -readonly [K in keyof typeof canonicalProtocol11Form]: any;
    };
    form.primary_guardrail = ' ';
    form.phases[1].steps[2].action_type = 'SHOULD';
    const ctx = context({ form });
    await expect(action.handler(ctx)).rejects.toThrow(
      /form\.primary_guardrail: must not be blank[\s\S]*form\.phases\[1\]\.steps\[2\]\.action_type: must be "MUST" or "GUIDELINE"/,
    );
    expect(workspace.content()).toEqual({});
  });

  it.each(['../outside', '/etc', 'docs/../../x'])(
    'refuses a targetPath that leaves the workspace: %s',
    async targetPath => {
      const ctx = context({ form: canonicalProtocol11Form, targetPath });
      await expect(action.handler(ctx)).rejects.toThrow(/targetPath: must/);
      expect(workspace.content()).toEqual({});
    },
  );

  it('writes the form as the user gave it, so a later run can start from it', async () => {
    const ctx = context({ form: canonicalProtocol11Form });
    await action.handler(ctx);
    expect(
      parse((workspace.content() as Record<string, string>)[FORM]),
    ).toEqual(canonicalProtocol11Form);
  });

  it.each(examples.map(e => [e.description, e.example] as const))(
    'runs the example: %s',
    async (_d, example) => {
      const step = parse(example).steps[0];
      expect(step.action).toBe('protocol11:generate');
      const ctx = context(step.input);
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('passed', true);
      const written = (ctx.output as jest.Mock).mock.calls.find(
        c => c[0] === 'paths',
      )[1] as string[];
      expect(written).toContain(
        step.input.targetPath ? `${step.input.targetPath}/${DOC}` : DOC,
      );
      expect(written.includes('.artifacts/deployment/README.md')).toBe(
        step.input.writeEvidenceFolder !== false,
      );
    },
  );
});
