import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { EntityFacts } from '../store/types';

/** A relation target such as `team-a` as a full lowercase ref (`group:default/team-a`). */
export function normalizeRef(
  value: unknown,
  defaultKind: string,
  defaultNamespace = 'default',
): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), { defaultKind, defaultNamespace }),
    );
  } catch {
    return value.trim().toLocaleLowerCase('en-US');
  }
}

/** The catalog facts the compliance list filters and sorts on. */
export function entityFacts(entity: Entity): EntityFacts {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const title = entity.metadata.title;
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    namespace,
    name: entity.metadata.name,
    title: typeof title === 'string' && title !== '' ? title : undefined,
    owner: normalizeRef(spec.owner, 'group', namespace),
    system: normalizeRef(spec.system, 'system', namespace),
    lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : undefined,
  };
}
