import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { promises as fs } from 'fs';
import { join } from 'path';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createProtocol11LocalDeliveryAction,
  readLocalDeliveryOptions,
} from './localDelivery';

describe('protocol11:deliver:local', () => {
  const workspace = createMockDirectory();
  const disk = createMockDirectory();

  beforeEach(() => {
    workspace.clear();
    disk.clear();
    workspace.setContent({ 'doc.md': 'document', 'nested/form.yaml': 'form' });
    disk.setContent({
      services: { 'payments-api': { 'catalog-info.yaml': 'x' } },
      elsewhere: { 'a.txt': 'a' },
    });
  });

  const action = () =>
    createProtocol11LocalDeliveryAction(
      readLocalDeliveryOptions(
        new ConfigReader({
          protocol11: { localDelivery: { roots: ['services'] } },
        }),
        disk.path,
      ),
    );

  it('writes the files into a folder below a configured root', async () => {
    const target = join(disk.path, 'services/payments-api');
    const ctx = createMockActionContext({
      input: { targetDir: target, paths: ['doc.md', 'nested/form.yaml'] },
      workspacePath: workspace.path,
    });
    await action().handler(ctx);
    await expect(fs.readFile(join(target, 'doc.md'), 'utf8')).resolves.toBe(
      'document',
    );
    await expect(
      fs.readFile(join(target, 'nested/form.yaml'), 'utf8'),
    ).resolves.toBe('form');
  });

  it.each([
    ['a sibling of the root', 'elsewhere'],
    ['the parent of the root', '.'],
    ['a path that climbs out', 'services/../elsewhere'],
  ])('refuses %s', async (_name, rel) => {
    const ctx = createMockActionContext({
      input: { targetDir: join(disk.path, rel), paths: ['doc.md'] },
      workspacePath: workspace.path,
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /outside the roots configured for local delivery/,
    );
    await expect(fs.readdir(join(disk.path, 'elsewhere'))).resolves.toEqual([
      'a.txt',
    ]);
  });

  it('refuses a symbolic link below a root that points outside it', async () => {
    await fs.symlink(
      join(disk.path, 'elsewhere'),
      join(disk.path, 'services/link'),
    );
    const ctx = createMockActionContext({
      input: { targetDir: join(disk.path, 'services/link'), paths: ['doc.md'] },
      workspacePath: workspace.path,
    });
    await expect(action().handler(ctx)).rejects.toThrow(/outside the roots/);
  });

  it('is off unless roots are configured', async () => {
    const off = createProtocol11LocalDeliveryAction(
      readLocalDeliveryOptions(new ConfigReader({})),
    );
    const ctx = createMockActionContext({
      input: {
        targetDir: join(disk.path, 'services/payments-api'),
        paths: ['doc.md'],
      },
      workspacePath: workspace.path,
    });
    await expect(off.handler(ctx)).rejects.toThrow(/Local delivery is off/);
  });

  it('writes nothing in a dry run', async () => {
    const target = join(disk.path, 'services/payments-api');
    // createMockActionContext does not take isDryRun, so set it as the scaffolder would.
    const ctx = {
      ...createMockActionContext({
        input: { targetDir: target, paths: ['doc.md'] },
        workspacePath: workspace.path,
      }),
      isDryRun: true,
    };
    await action().handler(ctx);
    await expect(fs.readdir(target)).resolves.toEqual(['catalog-info.yaml']);
  });

  it('outputs paths relative to the folder and asks the catalog to read the entity again', async () => {
    const catalog = catalogServiceMock.mock();
    const withCatalog = createProtocol11LocalDeliveryAction({
      ...readLocalDeliveryOptions(
        new ConfigReader({
          protocol11: { localDelivery: { roots: ['services'] } },
        }),
        disk.path,
      ),
      catalog,
    });
    const ctx = createMockActionContext({
      input: {
        targetDir: join(disk.path, 'services/payments-api'),
        paths: ['doc.md'],
        entityRef: 'component:default/payments-api',
      },
      workspacePath: workspace.path,
    });
    await withCatalog.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('written', ['doc.md']);
    expect(catalog.refreshEntity).toHaveBeenCalledTimes(1);
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'component:default/payments-api',
      { credentials: expect.anything() },
    );
  });
});
