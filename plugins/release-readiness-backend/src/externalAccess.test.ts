/**
 * The gate endpoint for pipelines with Backstage's real catalog backend, real
 * auth and the real permissions service: external access tokens configured as
 * the README says, and tokens whose access restrictions do or do not grant
 * reading catalog entities (Backstage decides a service principal's
 * permissions from those restrictions; the policy is for users).
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { GateCheckResponse } from '@release-readiness/backstage-plugin-release-readiness-common';
import { createServer, Server } from 'http';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { AddressInfo } from 'net';
import { join } from 'path';
import { releaseReadinessPlugin } from './plugin';
import { sampleWorkspace, SampleWorkspace } from './testUtils/samples';

// Real backends start here: a loaded 2-core CI machine needs more than Jest's 5 s default.
jest.setTimeout(60_000);

const PIPELINE = 'pipeline-token-0123456789'; // as the README configures it
const READER = 'reader-token-0123456789'; // may use catalog.entity.read only
const ACTION_READ = 'action-read-token-0123456789'; // may use read actions only
const NO_READ = 'no-read-token-0123456789'; // may use an unrelated permission only

describe('gate endpoint with the catalog backend and external access', () => {
  let ws: SampleWorkspace;
  let baseUrl: string;
  let stop: () => Promise<void>;
  // A CI system's OIDC issuer: its JWKS on 127.0.0.1.
  let jwksServer: Server;
  let signingKey: KeyLike;
  const ISSUER = 'https://ci.example.com';
  const oidcToken = (audience: string) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'ci-key' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setSubject('repo:acme/checkout-web:environment:production')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signingKey);

  const gate = (name: string, token: string) =>
    fetch(
      `${baseUrl}/api/release-readiness/gates/component/default/${name}?require=release-authorization`,
      { headers: { Authorization: `Bearer ${token}` } },
    );

  beforeAll(async () => {
    ws = sampleWorkspace();
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    signingKey = privateKey;
    const jwk = {
      ...(await exportJWK(publicKey)),
      kid: 'ci-key',
      alg: 'RS256',
    };
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>(r => jwksServer.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    const token = (value: string, subject: string, restriction: object) => ({
      type: 'static',
      options: { token: value, subject },
      accessRestrictions: [{ plugin: 'release-readiness', ...restriction }],
    });
    const backend = await startTestBackend({
      features: [
        releaseReadinessPlugin,
        catalogPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        permissionsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://backstage.test' },
            backend: {
              auth: {
                externalAccess: [
                  token(PIPELINE, 'ci-gates', {}),
                  token(READER, 'ci-reader', {
                    permission: 'catalog.entity.read',
                  }),
                  token(ACTION_READ, 'ci-action-read', {
                    permissionAttribute: { action: 'read' },
                  }),
                  token(NO_READ, 'ci-no-read', {
                    permission: 'catalog.entity.create',
                  }),
                  {
                    type: 'jwks',
                    options: {
                      url: jwksUrl,
                      issuer: ISSUER,
                      // Not `backstage`: Backstage takes a token with that audience for one of its own user tokens.
                      audience: 'https://backstage.example.com',
                      algorithm: 'RS256',
                      subjectPrefix: 'ci',
                    },
                    accessRestrictions: [{ plugin: 'release-readiness' }],
                  },
                ],
              },
            },
            catalog: {
              rules: [{ allow: ['Component'] }],
              locations: ['checkout-web', 'payments-api'].map(service => ({
                type: 'file',
                target: join(ws.dir(service), 'catalog-info.yaml'),
              })),
            },
            releaseReadiness: {
              localSources: { roots: [ws.root], watch: false },
              schedule: { frequency: { trigger: 'manual' } },
            },
          },
        }),
      ],
    });
    baseUrl = `http://127.0.0.1:${backend.server.port()}`;
    stop = () => backend.stop();
    // The catalog processes its locations in the background.
    const deadline = Date.now() + 30_000;
    while ((await gate('payments-api', PIPELINE)).status === 404) {
      if (Date.now() > deadline)
        throw new Error('the catalog never processed payments-api');
      await new Promise(r => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    await stop();
    await new Promise(r => jwksServer.close(r));
    ws.cleanup();
  });

  it('answers a pipeline token configured as the README says (limited to this plugin), though the catalog is another plugin', async () => {
    const blocked = await gate('checkout-web', PIPELINE);
    expect(blocked.status).toBe(200);
    const body = (await blocked.json()) as GateCheckResponse;
    expect(body).toMatchObject({
      passed: false,
      gate: { id: 'release-authorization', status: 'failed' },
    });
    expect(body.blocking.map(b => b.file)).toContain(
      '.artifacts/deployment/release-approvals.json',
    );
    const passed = await gate('payments-api', PIPELINE);
    expect(((await passed.json()) as GateCheckResponse).passed).toBe(true);
  });

  it('applies the access restrictions of the token: catalog.entity.read or the read action, else not found', async () => {
    expect((await gate('checkout-web', READER)).status).toBe(200);
    expect((await gate('checkout-web', ACTION_READ)).status).toBe(200);
    const denied = await gate('checkout-web', NO_READ);
    expect(denied.status).toBe(404);
    expect(await denied.text()).not.toContain('release-approvals');
  });

  it("answers a CI system's OIDC token checked against its JWKS, and refuses one for another audience", async () => {
    const ok = await gate(
      'checkout-web',
      await oidcToken('https://backstage.example.com'),
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as GateCheckResponse).passed).toBe(false);
    expect(
      (await gate('checkout-web', await oidcToken('someone-else'))).status,
    ).toBe(401);
  });

  it('refuses a token that is not configured', async () => {
    expect(
      (await gate('checkout-web', 'unknown-token-0123456789')).status,
    ).toBe(401);
  });
});
