import { InputError, NotFoundError } from '@backstage/errors';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  PROTOCOL11_DOCUMENT_FILE,
  decodeText,
  PROTOCOL11_FORM_FILE,
  formIssuesError,
  parseProtocol11Form,
  validateProtocol11Document,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { promises as fs } from 'fs';
import { posix } from 'path';
import { examples } from './validate.examples';

/** Bytes of a workspace file as text, by the engine's shared decoding rule (UTF-8, byte order mark dropped). */
function asText(bytes: Uint8Array, path: string, field: string): string {
  const decoded = decodeText(bytes);
  if (!decoded.ok)
    throw new InputError(`${field}: "${path}" ${decoded.reason}`);
  return decoded.text;
}

async function readWorkspaceFile(
  workspace: string,
  path: string,
  field: string,
): Promise<string> {
  const full = resolveSafeChildPath(workspace, path);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`${field}: no file "${path}" in the workspace`);
    }
    throw new InputError(
      `${field}: cannot read "${path}": ${(e as Error).message}`,
    );
  }
  return asText(bytes, path, field);
}

/**
 * Creates the `protocol11:validate` action: checks a Protocol 11 document in the
 * workspace against the generator playbook, optionally against its form.
 * @public
 */
export function createProtocol11ValidateAction() {
  return createTemplateAction({
    id: 'protocol11:validate',
    description:
      'Validates a Protocol 11 document in the workspace against the generator playbook.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        documentPath: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace-relative path of the document. Defaults to ${PROTOCOL11_DOCUMENT_FILE}.`,
            ),
        formPath: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace-relative path of the form to check MUST steps, halt conditions and prompts against. Defaults to ${PROTOCOL11_FORM_FILE} next to the document when it exists.`,
            ),
        strict: z =>
          z
            .boolean()
            .optional()
            .describe('Fail the step when any check fails. Defaults to true.'),
      },
      output: {
        passed: z => z.boolean().describe('Whether every check passed.'),
        failedChecks: z =>
          z.array(z.string()).describe('Ids of the checks that failed.'),
        checks: z =>
          z
            .array(
              z.object({
                id: z.string(),
                passed: z.boolean(),
                message: z.string(),
              }),
            )
            .describe('Every check with its result.'),
      },
    },
    async handler(ctx) {
      const documentPath =
        ctx.input.documentPath?.trim() || PROTOCOL11_DOCUMENT_FILE;
      const document = await readWorkspaceFile(
        ctx.workspacePath,
        documentPath,
        'documentPath',
      );
      const besideDocument = posix.join(
        posix.dirname(documentPath),
        PROTOCOL11_FORM_FILE,
      );
      let formText: string | undefined;
      if (ctx.input.formPath) {
        formText = await readWorkspaceFile(
          ctx.workspacePath,
          ctx.input.formPath,
          'formPath',
        );
      } else {
        const bytes = await fs
          .readFile(resolveSafeChildPath(ctx.workspacePath, besideDocument))
          .catch(() => undefined);
        formText =
          bytes === undefined
            ? undefined
            : asText(bytes, besideDocument, 'formPath');
      }
      let form;
      if (formText !== undefined) {
        const parsed = parseProtocol11Form(formText);
        if (!parsed.ok) throw formIssuesError(parsed.issues);
        form = parsed.form;
      }
      const report = validateProtocol11Document(document, { form });
      const failed = report.checks.filter(c => !c.passed);
      ctx.output('passed', report.passed);
      ctx.output(
        'failedChecks',
        failed.map(c => c.id),
      );
      ctx.output(
        'checks',
        report.checks.map(({ id, passed, message }) => ({
          id,
          passed,
          message,
        })),
      );
      if (!report.passed && (ctx.input.strict ?? true)) {
        throw new InputError(
          `${documentPath} fails playbook checks: ${failed.map(c => `${c.id} (${c.message})`).join('; ')}`,
        );
      }
      ctx.logger.info(
        `${documentPath}: ${report.passed ? 'every playbook check passed' : `${failed.length} check(s) failed`}`,
      );
    },
  });
}
