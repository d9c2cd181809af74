import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { realPathInsideRoots } from '@release-readiness/backstage-plugin-release-readiness-node';
import { basename } from 'path';
import {
  asEntity,
  EntityRepository,
  entityRefOf,
  locateEntityRepository,
} from '../repository/entityRepository';
import { LocalDeliveryOptions } from './localDelivery';

/** How the document reaches the entity's repository. */
export type Protocol11Delivery = 'pull-request' | 'merge-request' | 'local';

/** What the user asked for: `auto` picks from where the entity lives. */
export type Protocol11DeliveryChoice = 'auto' | Protocol11Delivery;

/** The delivery chosen for an entity, with what its step needs. */
export interface DeliveryPlan {
  delivery: Protocol11Delivery;
  /** For pull and merge requests: `host?owner=…&repo=…`. */
  repoUrl?: string;
  /** For pull and merge requests: the entity's folder in the repository (`''` for its root). */
  repoSubPath: string;
  /** For local delivery: the entity's folder on this machine (never shown in the task output). */
  localFolder?: string;
  /** One line for the task output, with no absolute server path. */
  summary: string;
}

const NAMES: Record<Protocol11Delivery, string> = {
  'pull-request': 'a pull request (GitHub)',
  'merge-request': 'a merge request (GitLab)',
  local: 'local delivery',
};

/**
 * Chooses the delivery: GitHub → pull request, GitLab → merge request, an
 * entity registered from a local file in a portal configured for local
 * delivery → local; `choice` overrides the guess, but only with a delivery
 * that can reach the entity.
 *
 * @throws InputError saying why nothing can be delivered (unknown host, local
 *   delivery off or the folder outside its roots, an override that does not fit).
 */
export async function planDelivery(
  repository: EntityRepository,
  choice: Protocol11DeliveryChoice,
  local: LocalDeliveryOptions,
  entityRef: string,
): Promise<DeliveryPlan> {
  if (repository.kind === 'file') {
    if (choice !== 'auto' && choice !== 'local') {
      throw new InputError(
        `delivery: ${NAMES[choice]} needs a repository on ${choice === 'pull-request' ? 'GitHub' : 'GitLab'}, but ${entityRef} is registered from a local file; choose local or auto`,
      );
    }
    if (local.roots.length === 0) {
      throw new InputError(
        `delivery: ${entityRef} lives in a local folder, and local delivery is off in this portal; configure protocol11.localDelivery.roots, or give the entity a backstage.io/source-location on GitHub or GitLab`,
      );
    }
    const folder = await realPathInsideRoots(local.roots, repository.root.path);
    if (!folder) {
      throw new InputError(
        `delivery: the folder of ${entityRef} is outside the roots configured for local delivery (protocol11.localDelivery.roots)`,
      );
    }
    return {
      delivery: 'local',
      repoSubPath: '',
      localFolder: folder,
      summary: `Written into the folder of ${entityRef} (${basename(folder)}) on the portal's machine.`,
    };
  }
  if (repository.kind === 'other') {
    throw new InputError(
      `delivery: ${entityRef} lives at ${repository.url}, which is neither GitHub nor GitLab in this portal's integrations; nothing can be delivered there`,
    );
  }
  const fits: Protocol11Delivery =
    repository.provider === 'github' ? 'pull-request' : 'merge-request';
  if (choice !== 'auto' && choice !== fits) {
    throw new InputError(
      `delivery: ${NAMES[choice]} cannot reach ${entityRef}, whose repository ${repository.host}/${repository.owner}/${repository.repo} is on ${repository.provider === 'github' ? 'GitHub' : 'GitLab'}; choose ${fits} or auto`,
    );
  }
  const where = `${repository.host}/${repository.owner}/${repository.repo}${repository.subPath ? ` (folder ${repository.subPath})` : ''}`;
  return {
    delivery: fits,
    repoUrl: repository.repoUrl,
    repoSubPath: repository.subPath,
    summary: `${fits === 'pull-request' ? 'A pull request' : 'A merge request'} to ${where}.`,
  };
}

/**
 * Creates `protocol11:locate`: tells where a catalog entity's files live and
 * picks the delivery that reaches them, so the template runs exactly one
 * delivery step; fails, saying why, when none can.
 * @public
 */
export function createProtocol11LocateAction(options: {
  integrations: ScmIntegrationRegistry;
  localDelivery: LocalDeliveryOptions;
}) {
  return createTemplateAction({
    id: 'protocol11:locate',
    description:
      "Finds a catalog entity's repository (GitHub, GitLab) or local folder and picks the delivery: pull request, merge request or local.",
    supportsDryRun: true,
    examples: [
      {
        description:
          'Locate the repository of an entity fetched by catalog:fetch; the delivery follows its host.',
        example:
          'steps:\n  - id: locate\n    action: protocol11:locate\n    name: Locate\n    input:\n      delivery: auto\n      entity:\n        kind: Component\n        metadata:\n          name: payments-api\n          annotations:\n            backstage.io/source-location: url:https://github.com/acme/payments-api/tree/main/\n',
      },
    ],
    schema: {
      input: {
        entity: z =>
          z
            .object({
              kind: z.string(),
              metadata: z
                .object({
                  name: z.string(),
                  annotations: z.record(z.string(), z.string()).optional(),
                })
                .passthrough(),
            })
            .passthrough()
            .describe('The catalog entity, as catalog:fetch returns it.'),
        delivery: z =>
          z
            .enum(['auto', 'pull-request', 'merge-request', 'local'])
            .default('auto')
            .describe(
              'auto: from where the entity lives (GitHub → pull request, GitLab → merge request, local file → local).',
            ),
      },
      output: {
        delivery: z =>
          z
            .enum(['pull-request', 'merge-request', 'local'])
            .describe('The delivery chosen.'),
        repoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'Repository in the publish actions’ format, for pull and merge requests.',
            ),
        repoSubPath: z =>
          z
            .string()
            .describe(
              'The entity’s folder in the repository; empty for its root.',
            ),
        localFolder: z =>
          z
            .string()
            .optional()
            .describe('Local folder of the entity, for local delivery.'),
        summary: z =>
          z
            .string()
            .describe(
              'One line saying where the document goes, for the task output.',
            ),
      },
    },
    async handler(ctx) {
      const entity = asEntity(ctx.input.entity);
      const plan = await planDelivery(
        locateEntityRepository(entity, options.integrations),
        ctx.input.delivery ?? 'auto',
        options.localDelivery,
        entityRefOf(entity),
      );
      ctx.logger.info(plan.summary);
      ctx.output('delivery', plan.delivery);
      ctx.output('repoSubPath', plan.repoSubPath);
      ctx.output('summary', plan.summary);
      if (plan.repoUrl) ctx.output('repoUrl', plan.repoUrl);
      if (plan.localFolder) ctx.output('localFolder', plan.localFolder);
    },
  });
}
