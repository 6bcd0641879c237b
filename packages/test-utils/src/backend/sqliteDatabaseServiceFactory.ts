/*
 * The database service of a test backend: an in-memory SQLite database per
 * plugin, as Backstage's default gives a backend without
 * `backend.database`, but closed when the backend stops. Backstage's
 * database manager leaves SQLite connections open at shutdown, and their
 * pool's reaping interval keeps a Jest worker from exiting ("A worker
 * process has failed to exit gracefully").
 *
 * Only for backends whose plugins stop using their database when they stop
 * (the rollouts plugin): the scaffolder's task broker still reaches it after
 * its shutdown, and would fail on a closed one ("Unable to acquire a
 * connection", thrown into whichever test file the worker runs next).
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';

export const sqliteDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: { rootLifecycle: coreServices.rootLifecycle },
  createRootContext({ rootLifecycle }) {
    const clients: Knex[] = [];
    rootLifecycle.addShutdownHook(async () => {
      await Promise.all(clients.splice(0).map(c => c.destroy()));
    });
    return clients;
  },
  factory(_deps, clients) {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    clients.push(knex);
    return { getClient: async () => knex };
  },
});
