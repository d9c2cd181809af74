/**
 * Counts of the compliance routes kept in memory, each with the catalog
 * mirror's change counter it was taken at, and reused only while the counter
 * has not moved: a count is never older than the rows a fresh count would
 * read. Measured at 10,000 entities on PostgreSQL under 50 concurrent
 * clients, the exact count of the filtered set was most of the database's
 * CPU per page request; paging, sorting and the same filters again by any
 * caller with the same read scope now cost one read of the counter instead.
 */
import { Knex } from 'knex';

/** The change counter's table (migration 20261205000000). */
export const CATALOG_CHANGES = 'release_readiness_catalog_changes';

/** Rows of the counter table (PostgreSQL) above which a reader folds them into one. */
const FOLD_ABOVE = 64;

/**
 * Entries kept; the oldest used goes first. A key holds a permission filter
 * (a policy's claims), so a few kilobytes at most.
 */
const DEFAULT_MAX_ENTRIES = 500;

/**
 * Reads the mirror's change counter: the sum of the counter table's weights,
 * raised by triggers in every transaction that writes the mirror (its
 * entities, search pairs or status columns), so it changes exactly when a
 * reader can see new mirror rows. On PostgreSQL writers add a row each (they
 * never wait for one another); when there are many, this folds them into one
 * row of the same total, in one statement.
 */
export async function mirrorGeneration(db: Knex): Promise<string> {
  const row: { g: string | number | null; n: string | number } | undefined =
    await db(CATALOG_CHANGES)
      .select(db.raw('COALESCE(SUM(weight), 0) AS g'), db.raw('COUNT(*) AS n'))
      .first();
  if (db.client.config.client === 'pg' && Number(row?.n ?? 0) > FOLD_ABOVE) {
    // Deletes only the rows this statement sees and inserts their total, so
    // the sum every reader sees stays the same (a concurrent fold waits for
    // this one's row locks, then skips the deleted rows).
    await db.raw(
      `WITH d AS (DELETE FROM ${CATALOG_CHANGES} RETURNING weight)
       INSERT INTO ${CATALOG_CHANGES} (weight) SELECT SUM(weight) FROM d HAVING COUNT(*) > 0`,
    );
  }
  return String(row?.g ?? 0);
}

/**
 * Counts per key (a query and a read scope), valid at one value of the
 * mirror's change counter.
 *
 * A count is stored only if the counter read before it and the counter read
 * after it agree. Then no write committed between the first read and the end
 * of the count (the second read would have seen it), and every write
 * committed before the first read is in both: the count is the count of the
 * data at that counter value. A later write changes the counter, and the next
 * request counts again.
 */
export class CountCache {
  private readonly entries = new Map<
    string,
    { generation: string; value: unknown }
  >();

  constructor(
    private readonly db: Knex,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  /**
   * The value for `key` at the current counter, computed by `count` unless
   * already known; `key` undefined: always computed, never kept.
   */
  async get<T>(key: string | undefined, count: () => Promise<T>): Promise<T> {
    if (key === undefined) return count();
    const before = await mirrorGeneration(this.db);
    const known = this.entries.get(key);
    if (known && known.generation === before) {
      // Most recently used last, so eviction takes the oldest first.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.value as T;
    }
    const value = await count();
    const after = await mirrorGeneration(this.db);
    this.entries.delete(key);
    if (after === before) {
      this.entries.set(key, { generation: before, value });
      if (this.entries.size > this.maxEntries)
        this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
