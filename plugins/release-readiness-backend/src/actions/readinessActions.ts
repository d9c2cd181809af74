/**
 * Actions for AI assistants, registered in Backstage's actions registry (and
 * so served by the MCP actions backend): an entity's readiness ("why is
 * checkout-web blocked?") and the blocked releases of an owner. Both run with
 * the caller's own credentials: the catalog (and its permission policy)
 * decides what the caller may see, as for the REST API.
 */
import {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  EntityReadinessResponse,
  GateStatus,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ReadinessService } from '../service/ReadinessService';
import { gateCheck } from '../service/gateCheck';
import { normalizeRef } from '../service/facts';

export interface ReadinessActionsOptions {
  actionsRegistry: ActionsRegistryService;
  service: ReadinessService;
  userInfo: UserInfoService;
  auth: AuthService;
  entityUrl: (ref: CompoundEntityRef) => string | undefined;
}

const NOT_PASSED: GateStatus[] = ['failed', 'error', 'pending', 'blocked'];

function entityRefInput(value: string): CompoundEntityRef {
  try {
    return parseEntityRef(value.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (e) {
    throw new InputError(
      `entityRef: "${value}" is not an entity ref such as component:default/checkout-web or checkout-web (${e})`,
    );
  }
}

/** What an assistant needs to explain an entity's readiness, from one readiness answer. */
export function explainReadiness(
  readiness: EntityReadinessResponse,
  url: string | undefined,
) {
  const last = RELEASE_GATE_IDS[RELEASE_GATE_IDS.length - 1];
  const check = gateCheck(readiness, last, url);
  const gates = readiness.readiness?.gates ?? [];
  const first = gates.find(g => g.status !== 'passed');
  let summary: string;
  if (!readiness.hasProtocol || !readiness.readiness || readiness.stale)
    summary = check.message;
  else if (!first)
    summary = `Every gate of ${readiness.entityRef} passed; it is ready for the Protocol 12 handoff`;
  else
    summary = `${readiness.entityRef} is held at ${first.name} (${first.status}): ${first.summary}`;
  return {
    entityRef: readiness.entityRef,
    hasProtocol: readiness.hasProtocol,
    ...(readiness.readiness
      ? {
          overall: readiness.readiness.overall,
          handoffReady: readiness.readiness.handoffReady,
        }
      : {}),
    summary,
    ...(first ? { heldAt: { id: first.id, name: first.name } } : {}),
    gates: gates.map(g => ({
      id: g.id,
      name: g.name,
      status: g.status,
      summary: g.summary,
    })),
    blocking: check.blocking,
    ...(readiness.evaluatedAt ? { evaluatedAt: readiness.evaluatedAt } : {}),
    ...(readiness.stale ? { stale: readiness.stale } : {}),
    ...(url ? { url } : {}),
  };
}

export function registerReadinessActions(options: ReadinessActionsOptions) {
  const { actionsRegistry, service, userInfo, auth, entityUrl } = options;

  actionsRegistry.register({
    name: 'get-entity-release-readiness',
    title: 'Release readiness of an entity',
    description:
      'Answers "why is this service blocked?": the status of the three Protocol 11 quality gates ' +
      '(Release Authorization, Production Deployment, Stabilization & Handoff) of a catalog entity, ' +
      'the gate the release is held at, and every criterion that blocks it with the evidence file, ' +
      'the field in it and the reason. Only entities the caller may read in the catalog are answered.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'The entity: a full ref such as component:default/checkout-web, or a component name such as checkout-web',
            ),
          refresh: z
            .boolean()
            .optional()
            .describe(
              'Read the repository now instead of answering from the latest stored evaluation (default false)',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          hasProtocol: z
            .boolean()
            .describe('False: the entity has no Protocol 11 annotation'),
          overall: z.string().optional(),
          handoffReady: z.boolean().optional(),
          summary: z.string().describe('One sentence for the user'),
          heldAt: z
            .object({ id: z.string(), name: z.string() })
            .optional()
            .describe('The first gate not passed'),
          gates: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              status: z.string(),
              summary: z.string(),
            }),
          ),
          blocking: z
            .array(
              z.object({
                gateId: z.string(),
                gateName: z.string(),
                criterionId: z.string(),
                status: z.string(),
                file: z.string().describe('Repository path of the evidence'),
                field: z.string().optional().describe('Where in the file'),
                reason: z.string(),
              }),
            )
            .describe('Every criterion not passed, gate by gate'),
          evaluatedAt: z.string().optional(),
          stale: z
            .object({ since: z.string(), reason: z.string() })
            .optional()
            .describe('Set when the repository could not be read'),
          url: z.string().optional().describe('The entity tab in Backstage'),
        }),
    },
    examples: [
      {
        title: 'Why is checkout-web blocked?',
        input: { entityRef: 'checkout-web' },
      },
    ],
    action: async ({ input, credentials }) => {
      const ref = entityRefInput(input.entityRef);
      const readiness = input.refresh
        ? await service.refresh(ref, credentials)
        : await service.getEntity(ref, credentials);
      return { output: explainReadiness(readiness, entityUrl(ref)) };
    },
  });

  /** The owners to list for: the given one, or the caller's own ownership refs. */
  async function ownersOf(
    owner: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (owner) return [normalizeRef(owner, 'group')!];
    if (!auth.isPrincipal(credentials, 'user'))
      throw new InputError(
        'owner: required when the caller is not a user (such as group:default/team-checkout)',
      );
    const info = await userInfo.getUserInfo(credentials);
    return info.ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US'));
  }

  actionsRegistry.register({
    name: 'list-blocked-releases',
    title: 'Blocked releases of an owner',
    description:
      'Lists the catalog entities of an owner (a group or user; by default the caller and their groups) ' +
      'whose Protocol 11 release is not through all three quality gates, each with the gate it is held ' +
      'at and the first criterion that blocks it (evidence file, field, reason). Only entities the ' +
      'caller may read in the catalog are listed.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          owner: z
            .string()
            .optional()
            .describe(
              'Owner ref such as group:default/team-checkout or team-checkout; default: the caller and their groups',
            ),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .optional()
            .describe('At most this many entities (default 20)'),
        }),
      output: z =>
        z.object({
          owners: z.array(z.string()),
          totalCount: z
            .number()
            .describe('Blocked entities of these owners the caller may read'),
          items: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string().optional(),
              owner: z.string().optional(),
              overall: z.string(),
              heldAt: z.object({ id: z.string(), name: z.string() }).optional(),
              blocking: z
                .object({
                  file: z.string(),
                  field: z.string().optional(),
                  reason: z.string(),
                })
                .optional()
                .describe('The first criterion that blocks it'),
              summary: z.string(),
              url: z.string().optional(),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'Which releases of team-checkout are blocked?',
        input: { owner: 'group:default/team-checkout' },
      },
    ],
    action: async ({ input, credentials }) => {
      const owners = await ownersOf(input.owner, credentials);
      const limit = input.limit ?? 20;
      const page = await service.list(
        {
          filter: { owner: owners, status: NOT_PASSED },
          sort: { field: 'name', order: 'asc' },
          offset: 0,
          limit,
        },
        credentials,
      );
      const items = await Promise.all(
        page.items.map(async row => {
          const ref = {
            kind: row.kind,
            namespace: row.namespace,
            name: row.name,
          };
          const url = entityUrl(ref);
          // The list reads the catalog mirror; an entity the catalog no
          // longer lets the caller read (or has removed) since the last sync
          // is left out rather than failing the whole answer.
          const readiness = await service
            .getEntity(ref, credentials)
            .catch(e => {
              if (e instanceof NotFoundError || e?.name === 'NotFoundError')
                return undefined;
              throw e;
            });
          if (!readiness) return undefined;
          const explained = explainReadiness(readiness, url);
          const first = explained.blocking[0];
          return {
            entityRef: row.entityRef,
            ...(row.title ? { title: row.title } : {}),
            ...(row.owner ? { owner: row.owner } : {}),
            overall: row.overall,
            ...(explained.heldAt ? { heldAt: explained.heldAt } : {}),
            ...(first
              ? {
                  blocking: {
                    file: first.file,
                    ...(first.field ? { field: first.field } : {}),
                    reason: first.reason,
                  },
                }
              : {}),
            summary: explained.summary,
            ...(url ? { url } : {}),
          };
        }),
      );
      const shown = items.filter(
        (item): item is NonNullable<typeof item> => item !== undefined,
      );
      return {
        output: {
          owners,
          totalCount: page.totalCount - (items.length - shown.length),
          items: shown,
        },
      };
    },
  });
}
