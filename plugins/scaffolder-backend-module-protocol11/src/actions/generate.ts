import { InputError } from '@backstage/errors';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  EVIDENCE_DIR,
  PROTOCOL11_DOCUMENT_FILE,
  PROTOCOL11_FORM_FILE,
  evidenceReadme,
  formIssuesError,
  renderProtocol11Document,
  stringifyPortableYaml,
  validateProtocol11Document,
  validateProtocol11Form,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { posix } from 'path';
import { examples } from './generate.examples';
import { PlannedFile, writeAllOrNothing } from './files';

/** File written next to the document with the form it came from; reads back identically in YAML 1.1 and 1.2 readers. */
export const formYaml = (form: unknown) =>
  `# Protocol 11 requirements form: the document next to this file was generated from it.\n${stringifyPortableYaml(form)}`;

/** Cleans a workspace-relative folder and refuses one that leaves the workspace. */
export function relativeFolder(
  value: string | undefined,
  field: string,
): string {
  const raw = (value ?? '').trim().replace(/\\/g, '/');
  if (raw === '' || raw === '.' || raw === './') return '';
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    throw new InputError(
      `${field}: must be a path relative to the workspace, not "${value}"`,
    );
  }
  const normal = posix.normalize(raw).replace(/\/$/, '');
  if (normal === '..' || normal.startsWith('../')) {
    throw new InputError(
      `${field}: must stay inside the workspace, not "${value}"`,
    );
  }
  return normal === '.' ? '' : normal;
}

/**
 * Creates the `protocol11:generate` action: turns a Protocol 11 form into
 * `11-production-deployment-release-management.md`, writes the form next to it
 * and, by default, `.artifacts/deployment/README.md` describing the evidence.
 * @public
 */
export function createProtocol11GenerateAction() {
  return createTemplateAction({
    id: 'protocol11:generate',
    description:
      'Generates the Protocol 11 – Production Deployment & Release Management document from the requirements form, with the form and the evidence folder README.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        form: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The Protocol 11 requirements form, in the layout of protocol-input-form-11-deployment.yaml.',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder of the workspace to write the document and form into. Defaults to the workspace root.',
            ),
        writeEvidenceFolder: z =>
          z
            .boolean()
            .optional()
            .describe(
              `Also write ${EVIDENCE_DIR}README.md at the workspace root, explaining each evidence file. Defaults to true.`,
            ),
        strict: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Fail the step when the generated document fails any playbook check. Defaults to true.',
            ),
      },
      output: {
        documentPath: z =>
          z
            .string()
            .describe('Workspace-relative path of the generated document.'),
        formPath: z =>
          z
            .string()
            .describe(
              'Workspace-relative path of the form written next to it.',
            ),
        evidenceReadmePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace-relative path of the evidence folder README, when written.',
            ),
        paths: z =>
          z
            .array(z.string())
            .describe('Every workspace-relative path written.'),
        passed: z =>
          z
            .boolean()
            .describe('Whether the document passed every playbook check.'),
        failedChecks: z =>
          z
            .array(z.string())
            .describe('Ids of the playbook checks that failed.'),
      },
    },
    async handler(ctx) {
      const result = validateProtocol11Form(ctx.input.form);
      if (!result.ok) {
        throw formIssuesError(
          result.issues.map(i => ({
            ...i,
            path: i.path ? `form.${i.path}` : 'form',
          })),
        );
      }
      const folder = relativeFolder(ctx.input.targetPath, 'targetPath');
      const strict = ctx.input.strict ?? true;
      const document = renderProtocol11Document(result.form);
      const report = validateProtocol11Document(document, {
        form: result.form,
      });
      const failedChecks = report.checks.filter(c => !c.passed).map(c => c.id);
      if (strict && !report.passed) {
        throw new InputError(
          `The generated document fails playbook checks: ${report.checks
            .filter(c => !c.passed)
            .map(c => `${c.id} (${c.message})`)
            .join('; ')}`,
        );
      }
      const files: PlannedFile[] = [
        {
          path: posix.join(folder, PROTOCOL11_DOCUMENT_FILE),
          content: document,
        },
        {
          path: posix.join(folder, PROTOCOL11_FORM_FILE),
          content: formYaml(ctx.input.form),
        },
      ];
      const writeEvidence = ctx.input.writeEvidenceFolder ?? true;
      if (writeEvidence) {
        files.push({
          path: `${EVIDENCE_DIR}README.md`,
          content: evidenceReadme(result.form),
        });
      }
      await ctx.checkpoint({
        key: `protocol11.generate.${folder || 'root'}`,
        fn: async () => {
          await writeAllOrNothing(
            ctx.workspacePath,
            files,
            resolveSafeChildPath,
          );
          return files.map(f => f.path);
        },
      });
      ctx.logger.info(
        `Wrote ${files.map(f => f.path).join(', ')}; playbook checks ${report.passed ? 'all passed' : `failed: ${failedChecks.join(', ')}`}`,
      );
      ctx.output('documentPath', files[0].path);
      ctx.output('formPath', files[1].path);
      if (writeEvidence) ctx.output('evidenceReadmePath', files[2].path);
      ctx.output(
        'paths',
        files.map(f => f.path),
      );
      ctx.output('passed', report.passed);
      ctx.output('failedChecks', failedChecks);
    },
  });
}
