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

/**
 * A relation target written without a namespace (`commerce`,
 * `system:commerce`) as a lowercase `kind:name`, the form
 * {@link refInNamespace} gives; undefined for one that names its namespace
 * (`payments/commerce`, `system:payments/commerce`) or is no entity ref.
 */
export function shortRef(
  value: string,
  defaultKind: string,
): string | undefined {
  const text = value.trim();
  if (text.includes('/')) return undefined;
  try {
    const ref = parseEntityRef(text, {
      defaultKind,
      defaultNamespace: 'default',
    });
    return `${ref.kind}:${ref.name}`.toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * A full lowercase ref (`system:payments/commerce`) without its namespace
 * (`system:commerce`) when that namespace is `namespace`, else undefined: the
 * short ref that, written in an entity of `namespace`, the catalog resolves
 * to `ref`.
 */
export function refInNamespace(
  ref: string | undefined,
  namespace: string,
): string | undefined {
  const infix = `:${namespace.toLocaleLowerCase('en-US')}/`;
  return ref?.includes(infix) ? ref.replace(infix, ':') : undefined;
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
