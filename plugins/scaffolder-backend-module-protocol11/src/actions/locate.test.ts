import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createProtocol11LocateAction, locateEntityRepository } from './locate';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({ integrations: { github: [{ host: 'github.com' }, { host: 'ghe.acme.internal', apiBaseUrl: 'https://ghe.acme.internal/api/v3' }] } }),
);

describe('protocol11:locate', () => {
  it.each([
    ['url:https://github.com/acme/payments-api/tree/main/', { provider: 'github', repoUrl: 'github.com?owner=acme&repo=payments-api' }],
    ['url:https://gitlab.com/acme/platform/ledger/-/tree/main/', { provider: 'gitlab', repoUrl: 'gitlab.com?owner=acme%2Fplatform&repo=ledger' }],
    ['url:https://ghe.acme.internal/acme/api.git', { provider: 'github', repoUrl: 'ghe.acme.internal?owner=acme&repo=api' }],
    ['file:/srv/services/a/catalog-info.yaml', { provider: 'local', localFolder: '/srv/services/a' }],
    ['url:https://bitbucket.org/acme/x', { provider: 'other' }],
  ])('reads %s', (location, expected) => {
    expect(locateEntityRepository({ 'backstage.io/source-location': location }, integrations)).toEqual(expected);
  });

  it('prefers the source location to the file the entity was registered from', () => {
    expect(
      locateEntityRepository(
        {
          'backstage.io/source-location': 'url:https://github.com/acme/payments-api/tree/main/',
          'backstage.io/managed-by-location': 'file:/srv/catalog/catalog-info.yaml',
        },
        integrations,
      ),
    ).toEqual({ provider: 'github', repoUrl: 'github.com?owner=acme&repo=payments-api' });
    expect(locateEntityRepository({ 'backstage.io/managed-by-location': 'file:/srv/svc/catalog-info.yaml' }, integrations)).toEqual({
      provider: 'local',
      localFolder: '/srv/svc',
    });
  });

  it('outputs the provider and repository for the publish steps', async () => {
    const ctx = createMockActionContext({
      input: { entity: { metadata: { annotations: { 'backstage.io/source-location': 'url:https://github.com/acme/payments-api/tree/main/' } } } },
    });
    await createProtocol11LocateAction({ integrations }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('provider', 'github');
    expect(ctx.output).toHaveBeenCalledWith('repoUrl', 'github.com?owner=acme&repo=payments-api');
  });

  it('fails with a clear message for an entity without a usable location', async () => {
    const ctx = createMockActionContext({ input: { entity: { metadata: { annotations: {} } } } });
    await expect(createProtocol11LocateAction({ integrations }).handler(ctx)).rejects.toThrow(/backstage\.io\/source-location/);
  });
});
