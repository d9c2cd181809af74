/**
 * The databases tests run on: SQLite always, PostgreSQL 15 when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set. In CI a missing
 * PostgreSQL is a failure, not a skip.
 */
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

export const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

export function createTestDatabases(): TestDatabases {
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'], disableDocker: true });
}

/** Registers a test that fails in CI when PostgreSQL is not configured. */
export function requirePostgresInCi(databases: TestDatabases): void {
  const inCi = Boolean(process.env.CI);
  (inCi ? it : it.skip)(`runs on PostgreSQL 15 in CI (${POSTGRES_ENV} set)`, () => {
    expect(process.env[POSTGRES_ENV]).toBeTruthy();
    expect(databases.supports('POSTGRES_15')).toBe(true);
  });
}

export const databaseIds = (databases: TestDatabases): TestDatabaseId[] =>
  databases.eachSupportedId().map(([id]) => id);
