import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { promises as fs } from 'fs';
import { join } from 'path';
import { createProtocol11AnnotateAction } from './annotate';

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
const DESCRIPTOR =
  '# owned by search\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\nspec:\n  type: service\n';

/** Serves one file by URL, as the UrlReader would from GitHub. */
const readerOf = (files: Record<string, string>): UrlReaderService => ({
  async readUrl(url: string) {
    if (!(url in files)) throw new Error(`not found: ${url}`);
    return { buffer: async () => Buffer.from(files[url]) } as Awaited<
      ReturnType<UrlReaderService['readUrl']>
    >;
  },
  readTree: async () => {
    throw new Error('unused');
  },
  search: async () => {
    throw new Error('unused');
  },
});

describe('protocol11:annotate', () => {
  const workspace = createMockDirectory();
  const disk = createMockDirectory();
  beforeEach(() => {
    workspace.clear();
    disk.clear();
    disk.setContent({ services: { svc: { 'catalog-info.yaml': DESCRIPTOR } } });
  });

  it("writes the entity's local descriptor, annotated with the target folder, into the workspace and adds it to the paths", async () => {
    const descriptor = join(disk.path, 'services/svc/catalog-info.yaml');
    const entity = {
      kind: 'Component',
      metadata: {
        name: 'svc',
        annotations: {
          'backstage.io/managed-by-location': `file:${descriptor}`,
        },
      },
    };
    const action = createProtocol11AnnotateAction({
      reader: readerOf({}),
      integrations,
      localDelivery: { roots: [join(disk.path, 'services')] },
    });
    const ctx = createMockActionContext({
      input: {
        entity,
        delivery: 'local' as const,
        targetPath: 'docs/',
        paths: ['docs/doc.md'],
      },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    await expect(
      fs.readFile(join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    ).resolves.toBe(
      DESCRIPTOR.replace(
        '  name: svc\n',
        '  name: svc\n  annotations:\n    release-readiness.io/protocol11: docs\n',
      ),
    );
    expect(ctx.output).toHaveBeenCalledWith('paths', [
      'docs/doc.md',
      'catalog-info.yaml',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'instructions',
      'Added "release-readiness.io/protocol11: docs" to catalog-info.yaml in the same change.',
    );
    // The entity's own folder is untouched until delivery copies the workspace.
    await expect(fs.readFile(descriptor, 'utf8')).resolves.toBe(DESCRIPTOR);
  });

  it('reads a GitHub descriptor through the UrlReader and writes it at its path in the entity folder', async () => {
    const url =
      'https://github.com/acme/mono/blob/main/services/svc/catalog-info.yaml';
    const entity = {
      kind: 'Component',
      metadata: {
        name: 'svc',
        annotations: {
          'backstage.io/managed-by-location': `url:${url}`,
          'backstage.io/source-location':
            'url:https://github.com/acme/mono/tree/main/services/svc/',
        },
      },
    };
    const action = createProtocol11AnnotateAction({
      reader: readerOf({ [url]: DESCRIPTOR }),
      integrations,
      localDelivery: { roots: [] },
    });
    const ctx = createMockActionContext({
      input: { entity, delivery: 'pull-request' as const, paths: [] },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    await expect(
      fs.readFile(join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    ).resolves.toContain('release-readiness.io/protocol11: .\n');
    expect(ctx.output).toHaveBeenCalledWith(
      'descriptorPath',
      'catalog-info.yaml',
    );
  });

  it('says exactly what to add when the descriptor is in another repository, and writes nothing', async () => {
    const entity = {
      kind: 'Component',
      metadata: {
        name: 'svc',
        annotations: {
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/catalog/blob/main/all.yaml',
          'backstage.io/source-location':
            'url:https://github.com/acme/svc/tree/main/',
        },
      },
    };
    const action = createProtocol11AnnotateAction({
      reader: readerOf({}),
      integrations,
      localDelivery: { roots: [] },
    });
    const ctx = createMockActionContext({
      input: { entity, delivery: 'pull-request' as const, paths: ['a.md'] },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'instructions',
      'Add "release-readiness.io/protocol11: ." under metadata.annotations of component:default/svc in its catalog descriptor https://github.com/acme/catalog/blob/main/all.yaml, which is not in the repository the document goes to.',
    );
    expect(ctx.output).toHaveBeenCalledWith('paths', ['a.md']);
    await expect(fs.readdir(workspace.path)).resolves.toEqual([]);
  });

  it('leaves an existing annotation as it is', async () => {
    disk.setContent({
      services: {
        svc: {
          'catalog-info.yaml': DESCRIPTOR.replace(
            '  name: svc\n',
            '  name: svc\n  annotations:\n    release-readiness.io/protocol11: ops\n',
          ),
        },
      },
    });
    const entity = {
      kind: 'Component',
      metadata: {
        name: 'svc',
        annotations: {
          'backstage.io/managed-by-location': `file:${join(disk.path, 'services/svc/catalog-info.yaml')}`,
        },
      },
    };
    const action = createProtocol11AnnotateAction({
      reader: readerOf({}),
      integrations,
      localDelivery: { roots: [join(disk.path, 'services')] },
    });
    const ctx = createMockActionContext({
      input: { entity, delivery: 'local' as const, paths: [] },
      workspacePath: workspace.path,
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'instructions',
      'catalog-info.yaml already has release-readiness.io/protocol11: ops; left as it is.',
    );
    expect(ctx.output).toHaveBeenCalledWith('descriptorPath', '');
  });
});
