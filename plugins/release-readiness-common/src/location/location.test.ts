import { Entity } from '@backstage/catalog-model';
import {
  entityDescriptorLocation,
  entityRepositoryRoot,
  hasProtocol11,
  normalizeRepositoryPath,
  resolveProtocolLocation,
} from './location';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
});
const P11 = 'release-readiness.io/protocol11';
const SOURCE = 'backstage.io/source-location';
const MANAGED = 'backstage.io/managed-by-location';
const GITHUB = 'url:https://github.com/acme/svc/tree/main/';

describe('entityRepositoryRoot', () => {
  it('takes a url: source location as a folder', () => {
    expect(entityRepositoryRoot(entity({ [SOURCE]: GITHUB }))).toEqual({
      kind: 'url',
      url: 'https://github.com/acme/svc/tree/main/',
    });
    expect(
      entityRepositoryRoot(
        entity({ [SOURCE]: 'url:https://github.com/acme/svc/tree/main' }),
      ),
    ).toEqual({
      kind: 'url',
      url: 'https://github.com/acme/svc/tree/main/',
    });
  });

  it('takes a file: source location without a trailing slash as that folder, not its parent', () => {
    const withSlash = entityRepositoryRoot(
      entity({ [SOURCE]: 'file:/srv/services/svc/' }),
    );
    const withoutSlash = entityRepositoryRoot(
      entity({ [SOURCE]: 'file:/srv/services/svc' }),
    );
    expect(withoutSlash).toEqual({
      kind: 'file',
      path: '/srv/services/svc',
      url: 'file:///srv/services/svc/',
    });
    expect(withSlash).toEqual(withoutSlash);
  });

  it('uses the folder of the file the entity was registered from when it has no source location', () => {
    expect(
      entityRepositoryRoot(
        entity({ [MANAGED]: 'file:/srv/services/svc/catalog-info.yaml' }),
      ),
    ).toEqual({
      kind: 'file',
      path: '/srv/services/svc',
      url: 'file:///srv/services/svc/',
    });
    expect(
      entityRepositoryRoot(
        entity({
          [MANAGED]:
            'url:https://github.com/acme/svc/blob/main/catalog-info.yaml',
        }),
      ),
    ).toEqual({
      kind: 'url',
      url: 'https://github.com/acme/svc/blob/main/',
    });
  });

  it('reads a stray % in a file: path as the character it is, and percent-encodes it in the URL', () => {
    expect(
      entityRepositoryRoot(entity({ [SOURCE]: 'file:/srv/100%/svc' })),
    ).toEqual({
      kind: 'file',
      path: '/srv/100%/svc',
      url: 'file:///srv/100%25/svc/',
    });
  });

  it('refuses a malformed escape in a file:// URL with an input error naming the annotation, not a URIError', () => {
    expect(() =>
      entityRepositoryRoot(entity({ [SOURCE]: 'file:///srv/100%zz/svc' })),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(
          `${SOURCE}: "file:///srv/100%zz/svc" has a malformed %-escape`,
        ),
      }),
    );
  });

  it('names the missing annotations when there is no location at all', () => {
    expect(() => entityRepositoryRoot(entity({}))).toThrow(
      /neither backstage.io\/source-location nor backstage.io\/managed-by-location/,
    );
  });

  it('refuses unknown location types and relative file paths', () => {
    expect(() =>
      entityRepositoryRoot(entity({ [SOURCE]: 'gopher:x' })),
    ).toThrow(/location type "gopher" is not supported/);
    expect(() =>
      entityRepositoryRoot(entity({ [SOURCE]: 'file:services/svc' })),
    ).toThrow(/must be an absolute path/);
    expect(() =>
      entityRepositoryRoot(entity({ [SOURCE]: 'file:/srv/../etc' })),
    ).toThrow(/must not contain ".."/);
  });
});

describe('entityDescriptorLocation', () => {
  it('is the managed-by-location file', () => {
    expect(
      entityDescriptorLocation(
        entity({ [MANAGED]: 'file:/srv/s/svc/catalog-info.yaml' }),
      ),
    ).toEqual({
      kind: 'file',
      path: '/srv/s/svc/catalog-info.yaml',
      url: 'file:///srv/s/svc/catalog-info.yaml',
    });
    expect(
      entityDescriptorLocation(
        entity({
          'backstage.io/managed-by-origin-location':
            'url:https://github.com/acme/svc/blob/main/catalog-info.yaml',
        }),
      ),
    ).toEqual({
      kind: 'url',
      url: 'https://github.com/acme/svc/blob/main/catalog-info.yaml',
    });
  });

  it('is undefined for an entity that did not come from a location', () => {
    expect(entityDescriptorLocation(entity({}))).toBeUndefined();
  });
});

describe('hasProtocol11 and resolveProtocolLocation', () => {
  it.each(['', '   '])(
    'treats the empty annotation %j as no protocol, with a reason',
    value => {
      const e = entity({ [P11]: value, [SOURCE]: GITHUB });
      expect(hasProtocol11(e)).toBe(false);
      expect(resolveProtocolLocation(e)).toEqual({
        kind: 'none',
        reason: expect.stringContaining(`${P11} is empty`),
      });
    },
  );

  it('has no protocol without the annotation', () => {
    expect(hasProtocol11(entity({ [SOURCE]: GITHUB }))).toBe(false);
    expect(resolveProtocolLocation(entity({ [SOURCE]: GITHUB }))).toEqual({
      kind: 'none',
    });
  });

  it.each(['.', ' . ', './'])('uses the repository root for %j', value => {
    const e = entity({ [P11]: value, [SOURCE]: GITHUB });
    expect(hasProtocol11(e)).toBe(true);
    expect(resolveProtocolLocation(e)).toEqual({
      kind: 'location',
      location: {
        kind: 'url',
        repositoryUrl: 'https://github.com/acme/svc/tree/main/',
        protocolFolderUrl: 'https://github.com/acme/svc/tree/main/',
        protocolPath: '',
        documentUrl:
          'https://github.com/acme/svc/tree/main/11-production-deployment-release-management.md',
        formUrl:
          'https://github.com/acme/svc/tree/main/protocol-input-form-11-deployment.yaml',
        evidenceFolderUrl:
          'https://github.com/acme/svc/tree/main/.artifacts/deployment/',
        repositoryPath: undefined,
      },
    });
  });

  it('resolves a relative folder against the root; evidence stays at the root', () => {
    expect(
      resolveProtocolLocation(
        entity({ [P11]: 'docs/protocols', [SOURCE]: GITHUB }),
      ),
    ).toMatchObject({
      location: {
        protocolPath: 'docs/protocols/',
        documentUrl:
          'https://github.com/acme/svc/tree/main/docs/protocols/11-production-deployment-release-management.md',
        evidenceFolderUrl:
          'https://github.com/acme/svc/tree/main/.artifacts/deployment/',
      },
    });
  });

  it('reads the same folder for a file: source location with or without a trailing slash', () => {
    const a = resolveProtocolLocation(
      entity({ [P11]: '.', [SOURCE]: 'file:/srv/services/svc' }),
    );
    const b = resolveProtocolLocation(
      entity({ [P11]: '.', [SOURCE]: 'file:/srv/services/svc/' }),
    );
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      location: {
        kind: 'file',
        repositoryPath: '/srv/services/svc',
        documentUrl:
          'file:///srv/services/svc/11-production-deployment-release-management.md',
      },
    });
  });

  it('gives a reason naming the annotation for a stray % instead of throwing', () => {
    const result = resolveProtocolLocation(
      entity({ [P11]: '.', [SOURCE]: 'file:///srv/a%zz' }),
    );
    expect(result).toEqual({
      kind: 'invalid',
      reason: expect.stringContaining(
        `${SOURCE}: "file:///srv/a%zz" has a malformed %-escape`,
      ),
    });
  });

  it('uses an absolute URL as is', () => {
    expect(
      resolveProtocolLocation(
        entity({
          [P11]: 'url:https://gitlab.example.com/g/p/-/tree/main/ops',
          [SOURCE]: GITHUB,
        }),
      ),
    ).toMatchObject({
      location: {
        formUrl:
          'https://gitlab.example.com/g/p/-/tree/main/ops/protocol-input-form-11-deployment.yaml',
        evidenceFolderUrl:
          'https://github.com/acme/svc/tree/main/.artifacts/deployment/',
        protocolPath: undefined,
      },
    });
  });

  it('refuses paths that leave the repository, and entities without a location, naming the annotation', () => {
    expect(
      resolveProtocolLocation(entity({ [P11]: '../other', [SOURCE]: GITHUB })),
    ).toEqual({
      kind: 'invalid',
      reason: `${P11}: must be a folder inside the repository, not "../other"`,
    });
    expect(resolveProtocolLocation(entity({ [P11]: 'docs/' }))).toEqual({
      kind: 'invalid',
      reason: expect.stringMatching(
        /^release-readiness.io\/protocol11 "docs\/" cannot be resolved: .*backstage.io\/source-location/,
      ),
    });
  });
});

describe('normalizeRepositoryPath', () => {
  it.each([
    ['', ''],
    ['.', ''],
    ['docs', 'docs/'],
    ['./docs//protocols/', 'docs/protocols/'],
  ])('%j → %j', (input, expected) =>
    expect(normalizeRepositoryPath(input, 'targetPath')).toBe(expected),
  );

  it.each(['/etc', '../x', 'a/../../b', 'a\\b'])(
    'refuses %j naming the field',
    input => {
      expect(() => normalizeRepositoryPath(input, 'targetPath')).toThrow(
        /^targetPath: must be a folder inside the repository/,
      );
    },
  );
});
