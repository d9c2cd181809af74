/**
 * Where a catalog entity's files live, for delivery: a GitHub or GitLab
 * repository (and the folder in it that is the entity's root), or a local
 * folder. Built on the common package's location module, so the scaffolder
 * resolves an entity exactly as the readiness backend and the card do.
 */
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  entityRepositoryRoot,
  EntityFolder,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import gitUrlParse from 'git-url-parse';

/** A repository on an SCM the portal has an integration for. */
export interface ScmRepository {
  provider: 'github' | 'gitlab';
  /** Host, as in the integrations config. */
  host: string;
  /** Owner (GitHub) or group path (GitLab). */
  owner: string;
  repo: string;
  /** The repository in the publish actions' format: `host?owner=…&repo=…`. */
  repoUrl: string;
  /** The entity's root inside the repository: `''` or a folder path without trailing `/`. */
  subPath: string;
}

/** An entity's files: in a repository on GitHub or GitLab, or a local folder. */
export type EntityRepository =
  | ({ kind: 'scm' } & ScmRepository)
  | { kind: 'file'; root: Extract<EntityFolder, { kind: 'file' }> }
  | { kind: 'other'; url: string };

/** Parses a GitHub or GitLab URL of a file or folder with the integrations' host list. */
export function scmRepositoryOf(
  url: string,
  integrations: ScmIntegrationRegistry,
): ScmRepository | undefined {
  const type = integrations.byUrl(url)?.type;
  if (type !== 'github' && type !== 'gitlab') return undefined;
  const parsed = gitUrlParse(url);
  if (!parsed.owner || !parsed.name) return undefined;
  return {
    provider: type,
    host: parsed.resource,
    owner: parsed.owner,
    repo: parsed.name,
    repoUrl: `${parsed.resource}?owner=${encodeURIComponent(parsed.owner)}&repo=${encodeURIComponent(parsed.name)}`,
    subPath: parsed.filepath.replace(/^\/+|\/+$/g, ''),
  };
}

/**
 * The entity's repository, from `backstage.io/source-location` or the file it
 * was registered from (the common package's `entityRepositoryRoot`).
 * @throws InputError naming the annotation when neither says where the entity lives.
 */
export function locateEntityRepository(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): EntityRepository {
  const root = entityRepositoryRoot(entity);
  if (root.kind === 'file') return { kind: 'file', root };
  const scm = scmRepositoryOf(root.url, integrations);
  return scm ? { kind: 'scm', ...scm } : { kind: 'other', url: root.url };
}

/** `kind:namespace/name` of an entity given as catalog:fetch returns it. */
export const entityRefOf = (entity: Entity) => stringifyEntityRef(entity);

/** Refuses an entity object without kind and name. */
export function asEntity(value: unknown): Entity {
  const entity = value as Entity;
  if (!entity?.kind || !entity?.metadata?.name) {
    throw new InputError(
      'entity: must be a catalog entity with kind and metadata.name, as catalog:fetch returns it',
    );
  }
  return entity;
}
