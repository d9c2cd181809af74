import { Entity } from '@backstage/catalog-model';
import { protocolLocationOf } from './location';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
});
const SOURCE = 'url:https://github.com/acme/svc/tree/main/';

describe('protocolLocationOf', () => {
  it('has no location without the annotation', () => {
    expect(protocolLocationOf(entity({ 'backstage.io/source-location': SOURCE }))).toEqual({ kind: 'none' });
  });

  it.each(['', '.', ' . '])('uses the source location root for %j', value => {
    expect(protocolLocationOf(entity({ 'release-readiness.io/protocol11': value, 'backstage.io/source-location': SOURCE }))).toEqual({
      kind: 'location',
      location: {
        repositoryUrl: 'https://github.com/acme/svc/tree/main/',
        protocolFolderUrl: 'https://github.com/acme/svc/tree/main/',
        documentUrl: 'https://github.com/acme/svc/tree/main/11-production-deployment-release-management.md',
        formUrl: 'https://github.com/acme/svc/tree/main/protocol-input-form-11-deployment.yaml',
        evidenceFolderUrl: 'https://github.com/acme/svc/tree/main/.artifacts/deployment/',
      },
    });
  });

  it('resolves a relative folder against the source location; evidence stays at the root', () => {
    const result = protocolLocationOf(entity({ 'release-readiness.io/protocol11': 'docs/protocols', 'backstage.io/source-location': SOURCE }));
    expect(result).toMatchObject({
      location: {
        documentUrl: 'https://github.com/acme/svc/tree/main/docs/protocols/11-production-deployment-release-management.md',
        evidenceFolderUrl: 'https://github.com/acme/svc/tree/main/.artifacts/deployment/',
      },
    });
  });

  it('uses an absolute URL as is', () => {
    const result = protocolLocationOf(
      entity({ 'release-readiness.io/protocol11': 'url:https://gitlab.example.com/g/p/-/tree/main/ops', 'backstage.io/source-location': SOURCE }),
    );
    expect(result).toMatchObject({
      location: {
        formUrl: 'https://gitlab.example.com/g/p/-/tree/main/ops/protocol-input-form-11-deployment.yaml',
        evidenceFolderUrl: 'https://github.com/acme/svc/tree/main/.artifacts/deployment/',
      },
    });
  });

  it('falls back to the folder of a file managed-by-location', () => {
    const result = protocolLocationOf(
      entity({ 'release-readiness.io/protocol11': '.', 'backstage.io/managed-by-location': 'file:/srv/services/svc/catalog-info.yaml' }),
    );
    expect(result).toMatchObject({ location: { repositoryUrl: 'file:///srv/services/svc/', evidenceFolderUrl: 'file:///srv/services/svc/.artifacts/deployment/' } });
  });

  it('refuses paths that leave the repository and entities without a source location', () => {
    expect(protocolLocationOf(entity({ 'release-readiness.io/protocol11': '../other', 'backstage.io/source-location': SOURCE }))).toMatchObject({ kind: 'invalid' });
    expect(protocolLocationOf(entity({ 'release-readiness.io/protocol11': 'docs/' }))).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('backstage.io/source-location'),
    });
  });
});
