/**
 * The assistant actions through Backstage's own actions registry and actions
 * service (backend-defaults' real implementations, as the MCP actions backend
 * uses them): listed and invoked over the registry's HTTP endpoints and through
 * `actionsServiceRef`, with the caller's own catalog permissions.
 */
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  ActionsService,
  actionsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import request from 'supertest';
import { releaseReadinessPlugin } from '../plugin';
import {
  cannotReadEntityNamed,
  PermissionedCatalog,
} from '../testUtils/catalog';
import { sampleWorkspace, SampleWorkspace } from '../testUtils/samples';

// Real backends start here: a loaded 2-core CI machine needs more than Jest's 5 s default.
jest.setTimeout(60_000);

const ALICE = 'user:default/alice'; // member of team-checkout
const MALLORY = 'user:default/mallory'; // may not read checkout-web
const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-checkout'],
  [MALLORY]: ['group:default/team-checkout'],
};
const canRead = (who: string, entity: Entity) =>
  who !== MALLORY || entity.metadata.name !== 'checkout-web';

const READINESS = 'release-readiness:get-entity-release-readiness';
const BLOCKED = 'release-readiness:list-blocked-releases';
const BASE = '/api/release-readiness/.backstage/actions/v1/actions';

/** The user's groups, as the auth backend would put them in the token. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as {
        userEntityRef: string;
      };
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef] ?? [])],
      };
    },
  }),
});

describe('assistant actions', () => {
  let ws: SampleWorkspace;
  let server: Parameters<typeof request>[0];
  let actions: ActionsService;
  let stop: () => Promise<void>;
  let baseUrl: string;

  beforeAll(async () => {
    ws = sampleWorkspace();
    // A plugin that calls actions as the MCP actions backend does.
    const probe = createBackendPlugin({
      pluginId: 'probe',
      register(env) {
        env.registerInit({
          deps: { service: actionsServiceRef },
          async init({ service }) {
            actions = service;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        releaseReadinessPlugin,
        mcpActionsPlugin,
        probe,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        userInfoFactory,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        new PermissionedCatalog(ws.entities, canRead).factory(),
        cannotReadEntityNamed(MALLORY, 'checkout-web'),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://backstage.test' },
            backend: { actions: { pluginSources: ['release-readiness'] } },
            releaseReadiness: {
              localSources: { roots: [ws.root], watch: false },
              schedule: { frequency: { trigger: 'manual' } },
            },
          },
        }),
      ],
    });
    server = backend.server;
    baseUrl = `http://127.0.0.1:${backend.server.port()}`;
    stop = () => backend.stop();
    // Evaluated as the sweep would, so the store lists them.
    for (const entity of ws.entities) {
      const res = await request(server)
        .post(
          `/api/release-readiness/entities/component/default/${entity.metadata.name}/refresh`,
        )
        .set('Authorization', mockCredentials.service.header());
      if (res.status !== 200)
        throw new Error(`refresh ${entity.metadata.name}: ${res.status}`);
    }
  });

  afterAll(async () => {
    await stop();
    ws.cleanup();
  });

  const invoke = (id: string, input: object, user = ALICE) =>
    request(server)
      .post(`${BASE}/${encodeURIComponent(id)}/invoke`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(input);

  it('lists both actions with their schemas, read-only', async () => {
    const res = await request(server)
      .get(BASE)
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(
      res.body.actions.map((a: { id: string }) => [a.id, a]),
    );
    expect(Object.keys(byId).sort()).toEqual([READINESS, BLOCKED].sort());
    expect(byId[READINESS]).toMatchObject({
      attributes: { readOnly: true, destructive: false, idempotent: true },
      schema: {
        input: {
          type: 'object',
          properties: { entityRef: { type: 'string' } },
          required: ['entityRef'],
        },
      },
    });
    expect(byId[BLOCKED].schema.output.properties.items.type).toBe('array');
  });

  it('explains why checkout-web is blocked: gate, criteria, files and fields', async () => {
    const res = await invoke(READINESS, { entityRef: 'checkout-web' });
    expect(res.status).toBe(200);
    const { output } = res.body;
    expect(output).toMatchObject({
      entityRef: 'component:default/checkout-web',
      hasProtocol: true,
      overall: 'failed',
      heldAt: { id: 'release-authorization' },
      url: 'http://backstage.test/catalog/default/component/checkout-web/release-readiness',
    });
    expect(output.summary).toContain('is held at');
    expect(output.gates.map((g: { status: string }) => g.status)).toEqual([
      'failed',
      'blocked',
      'blocked',
    ]);
    const approvals = output.blocking.find(
      (b: { file: string }) =>
        b.file === '.artifacts/deployment/release-approvals.json',
    );
    expect(approvals).toMatchObject({
      gateId: 'release-authorization',
      field: expect.any(String),
      reason: expect.any(String),
    });
  });

  it('answers an entity that passed and one without Protocol 11 plainly', async () => {
    const passed = await invoke(READINESS, {
      entityRef: 'component:default/payments-api',
    });
    expect(passed.body.output).toMatchObject({
      overall: 'passed',
      handoffReady: true,
      blocking: [],
    });
    const none = await invoke(READINESS, { entityRef: 'recommendations-api' });
    expect(none.body.output).toMatchObject({ hasProtocol: false, gates: [] });
    expect(none.body.output.summary).toContain('does not carry Protocol 11');
  });

  it('lists the blocked releases of an owner, and by default of the caller', async () => {
    const res = await invoke(BLOCKED, { owner: 'team-payments' });
    expect(res.status).toBe(200);
    // ledger-service (tampered manifest) is blocked; payments-api passed.
    expect(res.body.output).toMatchObject({
      owners: ['group:default/team-payments'],
      totalCount: 1,
      items: [
        {
          entityRef: 'component:default/ledger-service',
          overall: 'failed',
          heldAt: { id: 'stabilization-handoff' },
          blocking: {
            file: expect.stringMatching(/^\.artifacts\/deployment\//),
          },
        },
      ],
    });
    const mine = await invoke(BLOCKED, {});
    expect(mine.body.output.owners).toEqual([
      ALICE,
      'group:default/team-checkout',
    ]);
    expect(
      mine.body.output.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['component:default/checkout-web']);
  });

  it('works through actionsServiceRef with the caller passed along', async () => {
    const { output } = await actions.invoke({
      id: READINESS,
      input: { entityRef: 'checkout-web' },
      credentials: mockCredentials.user(ALICE),
    });
    expect(output).toMatchObject({ heldAt: { id: 'release-authorization' } });
    const { actions: listed } = await actions.list({
      credentials: mockCredentials.user(ALICE),
    });
    expect(listed.map(a => a.id).sort()).toEqual([READINESS, BLOCKED].sort());
  });

  it('keeps what the caller may not read out of both answers', async () => {
    const denied = await invoke(
      READINESS,
      { entityRef: 'checkout-web' },
      MALLORY,
    );
    expect(denied.status).toBe(404);
    expect(JSON.stringify(denied.body)).not.toContain('release-approvals');
    await expect(
      actions.invoke({
        id: READINESS,
        input: { entityRef: 'checkout-web' },
        credentials: mockCredentials.user(MALLORY),
      }),
    ).rejects.toThrow(/not found/i);
    const mine = await invoke(BLOCKED, {}, MALLORY);
    expect(mine.status).toBe(200);
    expect(mine.body.output).toMatchObject({ totalCount: 0, items: [] });
  });

  it("is served to AI assistants by Backstage's MCP actions backend, as the caller", async () => {
    const session = async (user: string) => {
      const client = new Client({ name: 'test-assistant', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(
          new URL(`${baseUrl}/api/mcp-actions/v1`),
          {
            requestInit: {
              headers: { Authorization: mockCredentials.user.header(user) },
            },
          },
        ),
      );
      return client;
    };
    const alice = await session(ALICE);
    try {
      const { tools } = await alice.listTools();
      const tool = tools.find(t =>
        t.name.endsWith('get-entity-release-readiness'),
      );
      expect(tool?.description).toContain('why is this service blocked');
      expect(tools.map(t => t.name)).toContainEqual(
        expect.stringMatching(/list-blocked-releases$/),
      );
      const result = await alice.callTool({
        name: tool!.name,
        arguments: { entityRef: 'checkout-web' },
      });
      expect(result.isError).toBeFalsy();
      const text = (result.content as { type: string; text: string }[])
        .map(c => c.text)
        .join('');
      expect(text).toContain('.artifacts/deployment/release-approvals.json');
      expect(text).toContain('Release Authorization');
    } finally {
      await alice.close();
    }
    const mallory = await session(MALLORY);
    try {
      const { tools } = await mallory.listTools();
      const tool = tools.find(t =>
        t.name.endsWith('get-entity-release-readiness'),
      );
      const result = await mallory.callTool({
        name: tool!.name,
        arguments: { entityRef: 'checkout-web' },
      });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).not.toContain('release-approvals');
    } finally {
      await mallory.close();
    }
  });

  it('refuses anonymous callers and bad input', async () => {
    const anonymous = await request(server)
      .post(`${BASE}/${encodeURIComponent(READINESS)}/invoke`)
      .send({ entityRef: 'checkout-web' });
    expect(anonymous.status).toBe(401);
    const bad = await invoke(READINESS, { entityRef: 'component:default/' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('entityRef');
    expect((await invoke(READINESS, {})).status).toBe(400);
  });
});
