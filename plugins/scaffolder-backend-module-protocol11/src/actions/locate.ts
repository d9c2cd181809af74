import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { folderOfFileLocation } from './localDelivery';

const SOURCE = 'backstage.io/source-location';
const MANAGED_BY = 'backstage.io/managed-by-location';

/** Where an entity's files live, read from its location annotations. */
export interface EntityRepository {
  provider: 'github' | 'gitlab' | 'local' | 'other';
  /** Scaffolder repo URL (`host?owner=…&repo=…`), for the publish actions. */
  repoUrl?: string;
  /** Folder of the entity for entities registered from local files. */
  localFolder?: string;
}

/**
 * Reads an entity's repository from `backstage.io/source-location` (or its
 * managed-by location); the provider comes from the configured SCM integrations,
 * so GitHub Enterprise and self-hosted GitLab hosts are recognised.
 */
export function locateEntityRepository(
  annotations: Record<string, string>,
  integrations: ScmIntegrationRegistry,
): EntityRepository {
  const location = annotations[SOURCE] ?? annotations[MANAGED_BY];
  if (!location) return { provider: 'other' };
  // An entity registered from a local file, without a source location of its own, lives there.
  const localFolder = folderOfFileLocation(location);
  if (localFolder) return { provider: 'local', localFolder };
  const url = /^(?:url:)?(https?:\/\/.*)$/.exec(location)?.[1];
  if (!url) return { provider: 'other' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { provider: 'other' };
  }
  const parts = parsed.pathname.split('/').filter(Boolean);
  const type = integrations.byUrl(url)?.type;
  if (type === 'github' && parts.length >= 2) {
    return { provider: 'github', repoUrl: `${parsed.host}?owner=${encodeURIComponent(parts[0])}&repo=${encodeURIComponent(parts[1].replace(/\.git$/, ''))}` };
  }
  if (type === 'gitlab' && parts.length >= 2) {
    // GitLab projects may sit in nested groups: everything before "/-/" is the project path.
    const end = parts.indexOf('-');
    const project = end > 0 ? parts.slice(0, end) : parts;
    const repo = project.pop()!.replace(/\.git$/, '');
    return { provider: 'gitlab', repoUrl: `${parsed.host}?owner=${encodeURIComponent(project.join('/'))}&repo=${encodeURIComponent(repo)}` };
  }
  return { provider: 'other' };
}

/**
 * Creates `protocol11:locate`: tells where a catalog entity's files live, so
 * the template can deliver through the right publish action.
 * @public
 */
export function createProtocol11LocateAction(options: { integrations: ScmIntegrationRegistry }) {
  return createTemplateAction({
    id: 'protocol11:locate',
    description: "Finds a catalog entity's repository (GitHub, GitLab) or local folder from its location annotations.",
    supportsDryRun: true,
    examples: [
      {
        description: 'Locate the repository of an entity fetched by catalog:fetch.',
        example:
          'steps:\n  - id: locate\n    action: protocol11:locate\n    name: Locate\n    input:\n      entity:\n        metadata:\n          annotations:\n            backstage.io/source-location: url:https://github.com/acme/payments-api/tree/main/\n',
      },
    ],
    schema: {
      input: {
        entity: z =>
          z
            .object({ metadata: z.object({ annotations: z.record(z.string(), z.string()).optional() }).passthrough() })
            .passthrough()
            .describe('The catalog entity, as catalog:fetch returns it.'),
      },
      output: {
        provider: z => z.enum(['github', 'gitlab', 'local', 'other']).describe('Where the entity lives.'),
        repoUrl: z => z.string().optional().describe('Repository URL in the publish actions’ format.'),
        localFolder: z => z.string().optional().describe('Local folder of the entity, for file-registered entities.'),
      },
    },
    async handler(ctx) {
      const repo = locateEntityRepository(ctx.input.entity.metadata.annotations ?? {}, options.integrations);
      if (repo.provider === 'other') {
        throw new InputError(
          `entity: cannot tell where its repository is; give it a ${SOURCE} annotation on GitHub or GitLab`,
        );
      }
      ctx.logger.info(
        `The entity's files are ${repo.provider === 'local' ? `in ${repo.localFolder}` : `in ${repo.provider} repository ${repo.repoUrl}`}`,
      );
      ctx.output('provider', repo.provider);
      if (repo.repoUrl) ctx.output('repoUrl', repo.repoUrl);
      if (repo.localFolder) ctx.output('localFolder', repo.localFolder);
    },
  });
}
