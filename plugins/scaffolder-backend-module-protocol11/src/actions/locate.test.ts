import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { join } from 'path';
import { createProtocol11LocateAction, planDelivery } from './locate';
import { locateEntityRepository } from '../repository/entityRepository';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        { host: 'github.com' },
        {
          host: 'ghe.acme.internal',
          apiBaseUrl: 'https://ghe.acme.internal/api/v3',
        },
      ],
    },
  }),
);
const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
});
const source = (location: string) =>
  entity({ 'backstage.io/source-location': location });
const REF = 'component:default/svc';

describe('protocol11:locate', () => {
  const disk = createMockDirectory();
  beforeEach(() => {
    disk.clear();
    disk.setContent({
      services: { svc: { 'catalog-info.yaml': 'x' } },
      elsewhere: { svc: { 'catalog-info.yaml': 'x' } },
    });
  });
  const local = () => ({ roots: [join(disk.path, 'services')] });

  it.each([
    [
      'url:https://github.com/acme/payments-api/tree/main/',
      {
        delivery: 'pull-request',
        repoUrl: 'github.com?owner=acme&repo=payments-api',
        repoSubPath: '',
      },
    ],
    [
      'url:https://github.com/acme/mono/tree/main/services/pay/',
      {
        delivery: 'pull-request',
        repoUrl: 'github.com?owner=acme&repo=mono',
        repoSubPath: 'services/pay',
      },
    ],
    [
      'url:https://gitlab.com/acme/platform/ledger/-/tree/main/',
      {
        delivery: 'merge-request',
        repoUrl: 'gitlab.com?owner=acme%2Fplatform&repo=ledger',
        repoSubPath: '',
      },
    ],
    [
      'url:https://ghe.acme.internal/acme/api/tree/main',
      {
        delivery: 'pull-request',
        repoUrl: 'ghe.acme.internal?owner=acme&repo=api',
        repoSubPath: '',
      },
    ],
  ])('chooses from %s', async (location, expected) => {
    await expect(
      planDelivery(
        locateEntityRepository(source(location), integrations),
        'auto',
        { roots: [] },
        REF,
      ),
    ).resolves.toMatchObject(expected);
  });

  it('delivers a file-registered entity locally when its folder is below a local delivery root, with no absolute path in the summary', async () => {
    const e = entity({
      'backstage.io/managed-by-location': `file:${join(disk.path, 'services/svc/catalog-info.yaml')}`,
    });
    const plan = await planDelivery(
      locateEntityRepository(e, integrations),
      'auto',
      local(),
      REF,
    );
    expect(plan).toMatchObject({
      delivery: 'local',
      localFolder: join(disk.path, 'services/svc'),
    });
    expect(plan.summary).toBe(
      "Written into the folder of component:default/svc (svc) on the portal's machine.",
    );
  });

  it.each([
    [
      'local delivery is off',
      'services',
      { roots: [] },
      /local delivery is off in this portal; configure protocol11.localDelivery.roots/,
    ],
    [
      'the folder is outside the roots',
      'elsewhere',
      undefined,
      /outside the roots configured for local delivery/,
    ],
  ])('fails, saying why, when %s', async (_name, folder, roots, message) => {
    const e = entity({
      'backstage.io/managed-by-location': `file:${join(disk.path, folder, 'svc/catalog-info.yaml')}`,
    });
    await expect(
      planDelivery(
        locateEntityRepository(e, integrations),
        'auto',
        roots ?? local(),
        REF,
      ),
    ).rejects.toThrow(message);
  });

  it('fails, saying why, for hosts that are neither GitHub nor GitLab and for overrides that cannot reach the entity', async () => {
    await expect(
      planDelivery(
        locateEntityRepository(
          source('url:https://bitbucket.org/acme/x/src/main/'),
          integrations,
        ),
        'auto',
        local(),
        REF,
      ),
    ).rejects.toThrow(
      'delivery: component:default/svc lives at https://bitbucket.org/acme/x/src/main/, which is neither GitHub nor GitLab',
    );
    await expect(
      planDelivery(
        locateEntityRepository(
          source('url:https://github.com/acme/x/tree/main/'),
          integrations,
        ),
        'merge-request',
        local(),
        REF,
      ),
    ).rejects.toThrow(
      /a merge request \(GitLab\) cannot reach component:default\/svc, whose repository github.com\/acme\/x is on GitHub/,
    );
    const fileEntity = entity({
      'backstage.io/managed-by-location': `file:${join(disk.path, 'services/svc/catalog-info.yaml')}`,
    });
    await expect(
      planDelivery(
        locateEntityRepository(fileEntity, integrations),
        'pull-request',
        local(),
        REF,
      ),
    ).rejects.toThrow(
      /a pull request \(GitHub\) needs a repository on GitHub, but component:default\/svc is registered from a local file/,
    );
  });

  it('names the annotations when the entity has no location', () => {
    expect(() => locateEntityRepository(entity({}), integrations)).toThrow(
      /neither backstage.io\/source-location nor backstage.io\/managed-by-location/,
    );
  });

  it('outputs the delivery and repository for the publish steps', async () => {
    const ctx = createMockActionContext({
      input: {
        entity: source('url:https://github.com/acme/payments-api/tree/main/'),
        delivery: 'auto' as const,
      },
    });
    await createProtocol11LocateAction({
      integrations,
      localDelivery: { roots: [] },
    }).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('delivery', 'pull-request');
    expect(ctx.output).toHaveBeenCalledWith(
      'repoUrl',
      'github.com?owner=acme&repo=payments-api',
    );
    expect(ctx.output).toHaveBeenCalledWith('repoSubPath', '');
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      'A pull request to github.com/acme/payments-api.',
    );
  });
});
