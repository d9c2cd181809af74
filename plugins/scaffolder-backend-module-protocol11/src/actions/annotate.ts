import {
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, getCompoundEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  entityDescriptorLocation,
  entityRepositoryRoot,
  normalizeRepositoryPath,
  PROTOCOL11_ANNOTATION,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import {
  isPathInside,
  realPathInsideRoots,
} from '@release-readiness/backstage-plugin-release-readiness-node';
import { promises as fs } from 'fs';
import { basename, dirname, relative, sep } from 'path';
import { annotateDescriptor } from '../repository/descriptor';
import {
  asEntity,
  entityRefOf,
  scmRepositoryOf,
} from '../repository/entityRepository';
import { LocalDeliveryOptions } from './localDelivery';

/** Where the entity's descriptor is, relative to the delivery's root, and how to read it. */
type DescriptorSource =
  | { kind: 'inside'; path: string; read: () => Promise<string> }
  | { kind: 'outside'; where: string };

async function findDescriptor(
  entity: Entity,
  delivery: 'pull-request' | 'merge-request' | 'local',
  options: {
    reader: UrlReaderService;
    integrations: ScmIntegrationRegistry;
    localDelivery: LocalDeliveryOptions;
  },
): Promise<DescriptorSource> {
  const descriptor = entityDescriptorLocation(entity);
  if (!descriptor)
    return {
      kind: 'outside',
      where:
        'its catalog descriptor (the entity did not come from a catalog file)',
    };
  const root = entityRepositoryRoot(entity);
  if (delivery === 'local') {
    if (descriptor.kind !== 'file' || root.kind !== 'file')
      return {
        kind: 'outside',
        where: `its catalog descriptor ${descriptor.url}`,
      };
    const inside =
      isPathInside(root.path, descriptor.path) &&
      (await realPathInsideRoots(options.localDelivery.roots, descriptor.path));
    if (!inside)
      return {
        kind: 'outside',
        where: `its catalog descriptor ${basename(descriptor.path)}, outside the entity's folder`,
      };
    return {
      kind: 'inside',
      path: relative(root.path, descriptor.path).split(sep).join('/'),
      read: () => fs.readFile(inside, 'utf8'),
    };
  }
  const repo =
    root.kind === 'url'
      ? scmRepositoryOf(root.url, options.integrations)
      : undefined;
  const file =
    descriptor.kind === 'url'
      ? scmRepositoryOf(descriptor.url, options.integrations)
      : undefined;
  const sameRepo =
    repo &&
    file &&
    repo.host === file.host &&
    repo.owner === file.owner &&
    repo.repo === file.repo;
  const prefix = repo?.subPath ? `${repo.subPath}/` : '';
  if (!sameRepo || !file.subPath.startsWith(prefix)) {
    return {
      kind: 'outside',
      where: `its catalog descriptor ${descriptor.url}, which is not in the repository the document goes to`,
    };
  }
  return {
    kind: 'inside',
    path: file.subPath.slice(prefix.length),
    read: async () =>
      (await (await options.reader.readUrl(descriptor.url)).buffer()).toString(
        'utf8',
      ),
  };
}

/**
 * Creates `protocol11:annotate`: adds `release-readiness.io/protocol11` to the
 * entity's own catalog descriptor in the same change as the document. Reads
 * the descriptor (through the UrlReader, or from the entity's local folder),
 * edits only that entity's document, and writes it into the workspace at its
 * path in the repository, so the publish step or local delivery carries it.
 * When the descriptor is not in that repository, the `instructions` output
 * says exactly what to add.
 * @public
 */
export function createProtocol11AnnotateAction(options: {
  reader: UrlReaderService;
  integrations: ScmIntegrationRegistry;
  localDelivery: LocalDeliveryOptions;
}) {
  return createTemplateAction({
    id: 'protocol11:annotate',
    description:
      "Adds release-readiness.io/protocol11 to the entity's own catalog descriptor, in the workspace, so the same change delivers it.",
    supportsDryRun: true,
    examples: [
      {
        description:
          "Annotate the entity's catalog-info.yaml next to the generated document.",
        example:
          "steps:\n  - id: annotate\n    action: protocol11:annotate\n    name: Annotate\n    input:\n      entity: ${{ steps['fetch-entity'].output.entity }}\n      delivery: ${{ steps.locate.output.delivery }}\n      targetPath: docs\n      paths: ${{ steps.generate.output.paths }}\n",
      },
    ],
    schema: {
      input: {
        entity: z =>
          z
            .object({
              kind: z.string(),
              metadata: z.object({ name: z.string() }).passthrough(),
            })
            .passthrough()
            .describe('The catalog entity, as catalog:fetch returns it.'),
        delivery: z =>
          z
            .enum(['pull-request', 'merge-request', 'local'])
            .describe('The delivery protocol11:locate chose.'),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'The folder of the document in the repository, as given to protocol11:generate.',
            ),
        paths: z =>
          z
            .array(z.string())
            .default([])
            .describe(
              'Workspace paths already to deliver (protocol11:generate’s paths).',
            ),
      },
      output: {
        paths: z =>
          z
            .array(z.string())
            .describe(
              'Every workspace path to deliver: the input paths and the descriptor, when edited.',
            ),
        descriptorPath: z =>
          z
            .string()
            .describe(
              'The descriptor’s path in the repository when it was edited; empty otherwise.',
            ),
        instructions: z =>
          z
            .string()
            .describe(
              'What happened to the annotation, or exactly what to add by hand.',
            ),
      },
    },
    async handler(ctx) {
      const entity = asEntity(ctx.input.entity);
      const entityRef = entityRefOf(entity);
      const folder = normalizeRepositoryPath(
        ctx.input.targetPath ?? '',
        'targetPath',
      );
      const value = folder === '' ? '.' : folder.replace(/\/$/, '');
      const line = `${PROTOCOL11_ANNOTATION}: ${value}`;
      const paths = [...(ctx.input.paths ?? [])];
      const source = await findDescriptor(entity, ctx.input.delivery, options);
      let descriptorPath = '';
      let instructions: string;
      if (source.kind === 'outside') {
        instructions = `Add "${line}" under metadata.annotations of ${entityRef} in ${source.where}.`;
      } else {
        const content = await source.read().catch(e => {
          throw new InputError(
            `entity: cannot read the catalog descriptor ${source.path} of ${entityRef}: ${(e as Error).message}`,
          );
        });
        const result = annotateDescriptor(
          content,
          getCompoundEntityRef(entity),
          value,
          source.path,
        );
        if (result.kind === 'present') {
          instructions = `${source.path} already has ${PROTOCOL11_ANNOTATION}: ${result.value}; left as it is.`;
        } else {
          const target = resolveSafeChildPath(ctx.workspacePath, source.path);
          await fs.mkdir(dirname(target), { recursive: true });
          await fs.writeFile(target, result.content, 'utf8');
          descriptorPath = source.path;
          if (!paths.includes(source.path)) paths.push(source.path);
          instructions = `Added "${line}" to ${source.path} in the same change.`;
        }
      }
      ctx.logger.info(instructions);
      ctx.output('paths', paths);
      ctx.output('descriptorPath', descriptorPath);
      ctx.output('instructions', instructions);
    },
  });
}
