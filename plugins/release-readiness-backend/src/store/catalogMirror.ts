/**
 * The catalog mirror: what the compliance routes need to know about every
 * catalog entity (with or without Protocol 11), and the entity flattened into
 * lowercase key/value pairs the way the catalog keeps its own search table, so
 * the catalog's permission rules and its pickers' filters mean the same here.
 */
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { hasProtocolAnnotation } from '../sources';
import { normalizeRef, refInNamespace } from '../service/facts';

export const CATALOG = 'release_readiness_catalog';
export const CATALOG_SEARCH = 'release_readiness_catalog_search';

/** Paths the catalog leaves out of its search table (or adds itself). */
const SKIPPED_PATHS = new Set([
  'attachments',
  'relations',
  'status',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.etag',
]);
/** Longer keys are dropped, longer values kept as null, as in the catalog. */
const MAX_KEY = 200;
const MAX_VALUE = 200;

/** One search pair: lowercase key, lowercase value or null. */
export interface SearchPair {
  key: string;
  value: string | null;
}

/**
 * The entity as the catalog's search table holds it: every leaf by its dotted
 * path; arrays give one pair per item plus `path.item = true` for string
 * items; `metadata.name`, `metadata.namespace` (also `default` when absent),
 * `metadata.uid`; one `relations.<type>` pair per relation. Keys and values
 * lowercase, duplicates dropped.
 */
export function searchPairs(entity: Entity): SearchPair[] {
  const raw: Array<[string, unknown]> = [];
  const arrayItemKeys = new Set<string>();
  const visit = (path: string, node: unknown): void => {
    if (SKIPPED_PATHS.has(path)) return;
    if (
      node === undefined ||
      node === null ||
      typeof node === 'string' ||
      typeof node === 'number' ||
      typeof node === 'boolean'
    ) {
      raw.push([path, node]);
      return;
    }
    if (typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) {
        visit(path, item);
        if (typeof item !== 'string') continue;
        const itemKey = `${path}.${item}`;
        if (arrayItemKeys.has(itemKey.toLowerCase())) continue;
        arrayItemKeys.add(itemKey.toLowerCase());
        raw.push([itemKey, true]);
      }
      return;
    }
    for (const [key, value] of Object.entries(node))
      visit(path ? `${path}.${key}` : key, value);
  };
  visit('', entity);
  raw.push(['metadata.name', entity.metadata.name]);
  raw.push(['metadata.namespace', entity.metadata.namespace]);
  raw.push(['metadata.uid', entity.metadata.uid]);
  if (!entity.metadata.namespace) raw.push(['metadata.namespace', 'default']);
  for (const relation of entity.relations ?? [])
    raw.push([`relations.${relation.type}`, relation.targetRef]);

  const seen = new Set<string>();
  const pairs: SearchPair[] = [];
  for (const [rawKey, rawValue] of raw) {
    const key = rawKey.toLowerCase();
    if (key.length > MAX_KEY) continue;
    let value: string | null = null;
    if (rawValue !== undefined && rawValue !== null) {
      const text = String(rawValue).toLowerCase();
      value = text.length <= MAX_VALUE ? text : null;
    }
    const id = `${key}\u0000${value ?? '\u0001null'}`;
    if (seen.has(id)) continue;
    seen.add(id);
    pairs.push({ key, value });
  }
  return pairs;
}

/**
 * The key of the compliance list's `title` sort: what its Entity column
 * shows (the title, else the name), lowercase, its first 200 characters
 * (migration 20261206000001 fills existing rows with the same function).
 */
const sortTitle = (title: string | null, name: string): string =>
  (title || name).toLocaleLowerCase('en-US').slice(0, 200);

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

/** The mirror row of an entity (without `synced_at`). */
export function catalogRow(entity: Entity) {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const title =
    typeof entity.metadata.title === 'string' && entity.metadata.title !== ''
      ? entity.metadata.title
      : null;
  const ownedBy = entity.relations?.find(r => r.type === 'ownedBy')?.targetRef;
  const owner =
    ownedBy?.toLocaleLowerCase('en-US') ??
    normalizeRef(spec.owner, 'group', namespace) ??
    null;
  const system = normalizeRef(spec.system, 'system', namespace) ?? null;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const pairs = searchPairs(entity);
  // A search key's pairs as a column (see the migrations 20261204000002 and
  // 20261205120000): the one value, else null; several go by the pairs.
  const single = (key: string) => {
    const values = pairs.filter(p => p.key === key);
    return {
      one: values.length === 1 ? values[0].value : null,
      many: values.length > 1,
    };
  };
  const ownedByPair = single('relations.ownedby');
  const lifecycle = single('spec.lifecycle');
  const type = single('spec.type');
  return {
    entity_ref: stringifyEntityRef(entity),
    kind: entity.kind,
    namespace,
    name: entity.metadata.name,
    title,
    sort_title: sortTitle(title, entity.metadata.name),
    type: text(spec.type),
    lifecycle: text(spec.lifecycle),
    owner,
    system,
    // the system as a short ref when it is in the entity's namespace (see
    // migration 20261206000000), for the system filter's short values
    system_local: refInNamespace(system ?? undefined, namespace) ?? null,
    tags: JSON.stringify(stringsOf(entity.metadata.tags)),
    has_protocol: hasProtocolAnnotation(entity),
    search_text: [entity.metadata.name, title, owner, system]
      .filter(Boolean)
      .join(' ')
      .toLocaleLowerCase('en-US'),
    etag: String(entity.metadata.etag ?? ''),
    owned_by: ownedByPair.one,
    owned_by_many: ownedByPair.many,
    spec_lifecycle: lifecycle.one,
    spec_lifecycle_many: lifecycle.many,
    spec_type: type.one,
    spec_type_many: type.many,
  };
}

const CHUNK = 500;

/** Reads and writes the mirror tables. */
export class CatalogMirror {
  constructor(readonly db: Knex) {}

  /** Every mirrored entity's ref and the etag it was synced at. */
  async etags(): Promise<Map<string, string>> {
    const rows: Array<{ entity_ref: string; etag: string }> = await this.db(
      CATALOG,
    ).select('entity_ref', 'etag');
    return new Map(rows.map(r => [r.entity_ref, r.etag]));
  }

  /** Writes these entities (facts and search pairs), as seen at `at`. */
  async upsert(entities: Entity[], at: number): Promise<void> {
    if (!entities.length) return;
    const rows = entities.map(e => ({ ...catalogRow(e), synced_at: at }));
    const refs = rows.map(r => r.entity_ref);
    const pairs = entities.flatMap((e, i) =>
      searchPairs(e).map(p => ({ entity_ref: refs[i], ...p })),
    );
    await this.db.transaction(async tx => {
      // The status columns are copied from the results table by triggers: a
      // result saved while a new mirror row is not yet committed would miss
      // it, so results wait for this transaction (readers do not).
      if (tx.client.config.client === 'pg')
        await tx.raw(`LOCK TABLE ${CATALOG} IN SHARE ROW EXCLUSIVE MODE`);
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx(CATALOG)
          .insert(rows.slice(i, i + CHUNK))
          .onConflict('entity_ref')
          .merge();
      }
      for (let i = 0; i < refs.length; i += CHUNK)
        await tx(CATALOG_SEARCH)
          .whereIn('entity_ref', refs.slice(i, i + CHUNK))
          .delete();
      for (let i = 0; i < pairs.length; i += CHUNK)
        await tx(CATALOG_SEARCH).insert(pairs.slice(i, i + CHUNK));
    });
  }

  /** Records that these unchanged entities were seen at `at`. */
  async touch(entityRefs: string[], at: number): Promise<void> {
    for (let i = 0; i < entityRefs.length; i += CHUNK) {
      await this.db(CATALOG)
        .whereIn('entity_ref', entityRefs.slice(i, i + CHUNK))
        .update({ synced_at: at });
    }
  }

  /** Forgets one entity (the catalog no longer has it). */
  async remove(entityRef: string): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(CATALOG_SEARCH).where('entity_ref', entityRef).delete();
      await tx(CATALOG).where('entity_ref', entityRef).delete();
    });
  }

  /** Forgets entities no sync has seen since `before`; resolves how many. */
  async removeUnseen(before: number): Promise<number> {
    return this.db.transaction(async (tx): Promise<number> => {
      const gone = tx(CATALOG)
        .select('entity_ref')
        .where('synced_at', '<', before);
      await tx(CATALOG_SEARCH).whereIn('entity_ref', gone).delete();
      return tx(CATALOG).where('synced_at', '<', before).delete();
    });
  }
}
