import { TestDatabaseId } from '@backstage/backend-test-utils';

const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The databases a store test runs on: SQLite always, PostgreSQL 15 when its
 * connection string is set (TestDatabases would try Docker otherwise), with
 * a warning naming `suite` when it is not.
 */
export function testDatabaseIds(suite: string): TestDatabaseId[] {
  if (process.env[POSTGRES_ENV]) return ['SQLITE_3', 'POSTGRES_15'];
  // eslint-disable-next-line no-console
  console.warn(
    `\n*** ${suite}: POSTGRES NOT TESTED: set ${POSTGRES_ENV} (e.g. postgresql://postgres@127.0.0.1:54329) ***\n`,
  );
  return ['SQLITE_3'];
}
