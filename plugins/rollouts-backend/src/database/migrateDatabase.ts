import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Brings the plugin's tables (action history, delivery transitions) to the latest migration. */
export async function migrateDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@gradual/plugin-rollouts-backend',
      'migrations',
    ),
  });
}
