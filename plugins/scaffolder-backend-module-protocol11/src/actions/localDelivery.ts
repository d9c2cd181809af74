import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { promises as fs } from 'fs';
import { isAbsolute, resolve } from 'path';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { realPathInsideRoots } from '@release-readiness/backstage-plugin-release-readiness-node';
import { writeAllOrNothing } from './files';

/**
 * Where local delivery may write, from `protocol11.localDelivery` in app-config.
 * @public
 */
export interface LocalDeliveryOptions {
  /** Absolute folders that targets must lie below; empty means local delivery is off. */
  roots: string[];
}

/** Reads `protocol11.localDelivery.roots`; relative roots are resolved against `baseDir`. */
export function readLocalDeliveryOptions(
  config: Config,
  baseDir = process.cwd(),
): LocalDeliveryOptions {
  const roots =
    config.getOptionalStringArray('protocol11.localDelivery.roots') ?? [];
  return { roots: roots.map(root => resolve(baseDir, root)) };
}

/** Resolves a target folder and refuses one that is not below a configured root. */
export async function resolveLocalTarget(
  options: LocalDeliveryOptions,
  target: string,
): Promise<string> {
  if (options.roots.length === 0) {
    throw new NotAllowedError(
      'Local delivery is off: configure protocol11.localDelivery.roots in app-config.yaml to allow it',
    );
  }
  if (!isAbsolute(target))
    throw new InputError(
      `targetDir: must be an absolute path, not "${target}"`,
    );
  await fs.stat(target).catch(() => {
    throw new NotFoundError(`targetDir: the entity's folder does not exist`);
  });
  // Real paths are compared, so a symbolic link cannot lead outside a root.
  const real = await realPathInsideRoots(options.roots, target);
  if (!real)
    throw new NotAllowedError(
      `targetDir: the entity's folder is outside the roots configured for local delivery`,
    );
  return real;
}

/**
 * Creates `protocol11:deliver:local`: copies files from the workspace into a
 * local folder below one of the configured roots. For the portal's embedded
 * default, where sample services live in folders next to it. Off unless
 * `protocol11.localDelivery.roots` is configured.
 * @public
 */
export function createProtocol11LocalDeliveryAction(
  options: LocalDeliveryOptions & { catalog?: CatalogService },
) {
  return createTemplateAction({
    id: 'protocol11:deliver:local',
    description:
      'Copies generated files from the workspace into a local folder below the roots configured in protocol11.localDelivery.roots.',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Deliver the Protocol 11 files into a sample service folder.',
        example: `steps:\n  - id: deliver\n    action: protocol11:deliver:local\n    name: Deliver locally\n    input:\n      targetDir: /srv/services/payments-api\n      paths:\n        - 11-production-deployment-release-management.md\n        - protocol-input-form-11-deployment.yaml\n`,
      },
    ],
    schema: {
      input: {
        targetDir: z =>
          z
            .string()
            .describe(
              'Absolute folder to write into; must lie below a configured root.',
            ),
        paths: z =>
          z
            .array(z.string())
            .min(1)
            .describe(
              'Workspace-relative paths of the files to copy, kept relative below targetDir.',
            ),
        entityRef: z =>
          z
            .string()
            .optional()
            .describe(
              'The entity whose folder this is: after writing, the catalog is asked to read it again, with the task’s credentials.',
            ),
      },
      output: {
        targetDir: z => z.string().describe('The folder written into.'),
        written: z =>
          z.array(z.string()).describe('Paths written, relative to targetDir.'),
      },
    },
    async handler(ctx) {
      const targetDir = await resolveLocalTarget(options, ctx.input.targetDir);
      const files = await Promise.all(
        ctx.input.paths.map(async path => ({
          path,
          content: await fs
            .readFile(resolveSafeChildPath(ctx.workspacePath, path), 'utf8')
            .catch(() => {
              throw new NotFoundError(
                `paths: no file "${path}" in the workspace`,
              );
            }),
        })),
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would write ${files.map(f => f.path).join(', ')} into ${targetDir}`,
        );
        ctx.output('targetDir', targetDir);
        ctx.output(
          'written',
          files.map(f => f.path),
        );
        return;
      }
      await writeAllOrNothing(targetDir, files, resolveSafeChildPath);
      ctx.logger.info(`Wrote ${files.map(f => f.path).join(', ')}`);
      ctx.output('targetDir', targetDir);
      ctx.output(
        'written',
        files.map(f => f.path),
      );
      const { entityRef } = ctx.input;
      if (entityRef && options.catalog) {
        // The catalog reads the descriptor again now rather than at its next processing round,
        // so the entity carries the annotation (and the card its gates) within seconds.
        await options.catalog.refreshEntity(entityRef, {
          credentials: await ctx.getInitiatorCredentials(),
        });
        ctx.logger.info(`Asked the catalog to read ${entityRef} again`);
      }
    },
  });
}
