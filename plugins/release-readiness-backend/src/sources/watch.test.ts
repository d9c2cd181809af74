import { entitySourceOf, fileTouches, pushTouches } from './watch';
import { protocolLocationOf } from './location';
import { Entity } from '@backstage/catalog-model';
import { protocolEntity } from '../testUtils/entities';

const entity = (source: string, protocol = '.'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'svc',
    annotations: {
      'release-readiness.io/protocol11': protocol,
      'backstage.io/source-location': `url:${source}`,
    },
  },
});

const sourceOf = (e: Entity) => {
  const location = protocolLocationOf(e);
  if (location.kind !== 'location') throw new Error('bad fixture');
  return entitySourceOf(location.location)!;
};

describe('entity sources and pushes', () => {
  it('names the repository, branch and watched paths of GitHub and GitLab sources', () => {
    expect(
      sourceOf(
        entity('https://github.com/Acme/Payments/tree/main/', 'docs/protocol'),
      ),
    ).toEqual({
      repo: 'github.com/acme/payments',
      ref: 'main',
      paths: [
        'docs/protocol/11-production-deployment-release-management.md',
        'docs/protocol/protocol-input-form-11-deployment.yaml',
        '.artifacts/deployment/',
      ],
    });
    expect(
      sourceOf(entity('https://gitlab.com/group/sub/proj/-/tree/main/')).repo,
    ).toBe('gitlab.com/group/sub/proj');
  });

  it('matches a push only on the watched paths of the same repository and branch', () => {
    const source = sourceOf(
      entity('https://github.com/acme/payments/tree/main/'),
    );
    const push = { repo: 'github.com/acme/payments', branch: 'main' };
    expect(
      pushTouches(source, {
        ...push,
        paths: ['.artifacts/deployment/release-approvals.json'],
      }),
    ).toBe(true);
    expect(
      pushTouches(source, {
        ...push,
        paths: ['11-production-deployment-release-management.md'],
      }),
    ).toBe(true);
    expect(
      pushTouches(source, { ...push, paths: ['src/index.ts', 'README.md'] }),
    ).toBe(false);
    expect(
      pushTouches(source, {
        ...push,
        branch: 'feature',
        paths: ['.artifacts/deployment/x.json'],
      }),
    ).toBe(false);
    expect(
      pushTouches(source, {
        ...push,
        repo: 'github.com/acme/other',
        paths: ['.artifacts/deployment/x.json'],
      }),
    ).toBe(false);
    // Paths unknown (too many commits): every entity of the branch.
    expect(pushTouches(source, push)).toBe(true);
  });

  it('matches branches containing a slash, and a source without a branch on the default branch', () => {
    const slashed = sourceOf(
      entity('https://github.com/acme/payments/tree/release/2.0/'),
    );
    expect(
      pushTouches(slashed, {
        repo: 'github.com/acme/payments',
        branch: 'release/2.0',
        paths: ['.artifacts/deployment/a.json'],
      }),
    ).toBe(true);
    expect(
      pushTouches(slashed, {
        repo: 'github.com/acme/payments',
        branch: 'release',
        paths: ['2.0/.artifacts/deployment/a.json'],
      }),
    ).toBe(true);
    const noBranch = {
      repo: 'github.com/acme/payments',
      ref: '',
      paths: ['.artifacts/deployment/'],
    };
    const change = {
      repo: 'github.com/acme/payments',
      branch: 'main',
      paths: ['.artifacts/deployment/a.json'],
    };
    expect(pushTouches(noBranch, { ...change, defaultBranch: 'main' })).toBe(
      true,
    );
    expect(pushTouches(noBranch, { ...change, defaultBranch: 'trunk' })).toBe(
      false,
    );
  });

  it('maps a file written below a local source to its entity', () => {
    const local: Entity = protocolEntity(
      'svc',
      'file:/srv/services/svc/catalog-info.yaml',
    );
    const location = protocolLocationOf(local);
    if (location.kind !== 'location') throw new Error('bad fixture');
    const source = entitySourceOf(location.location)!;
    expect(source).toMatchObject({ repo: 'local', ref: '/srv/services/svc/' });
    expect(
      fileTouches(
        source,
        '/srv/services/svc/.artifacts/deployment/release-approvals.json',
      ),
    ).toBe(true);
    expect(fileTouches(source, '/srv/services/svc/src/app.ts')).toBe(false);
    expect(
      fileTouches(
        source,
        '/srv/services/other/.artifacts/deployment/release-approvals.json',
      ),
    ).toBe(false);
  });
});
