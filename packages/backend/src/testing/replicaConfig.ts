/*
 * The setup of several replicas of this backend on one PostgreSQL server
 * (the two-replica test and the bench's replicas scenario): one config file
 * per replica that differs only in its port, the guest sign-in, and dropping
 * the replicas' databases afterwards.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackendReplica } from './BackendReplica';

export interface ReplicaSetup {
  /** Folder of the config files. */
  dir: string;
  /** `rollouts.clusters[]` entry of the cluster (name, url, serviceAccountToken, caData or skipTLSVerify). */
  cluster: Record<string, unknown>;
  /** A catalog file location with the entities. */
  entitiesFile: string;
  postgresUrl: string;
  /** Prefix of the replicas' databases (one per plugin), shared by all replicas. */
  databasePrefix: string;
  /** More `rollouts.*` config. */
  rollouts?: Record<string, unknown>;
}

/** Writes the config of one replica: everything but the port is shared. */
export function writeReplicaConfig(
  setup: ReplicaSetup,
  name: string,
  port: number,
): string {
  const { cluster } = setup;
  const file = join(setup.dir, `app-config.${name}.yaml`);
  // JSON is YAML: the config loader reads it as is.
  writeFileSync(
    file,
    JSON.stringify({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        database: {
          client: 'pg',
          connection: setup.postgresUrl,
          prefix: setup.databasePrefix,
        },
      },
      auth: { providers: { guest: {} } },
      catalog: {
        locations: [{ type: 'file', target: setup.entitiesFile }],
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: cluster.name,
                url: cluster.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: cluster.serviceAccountToken,
                ...(cluster.caData
                  ? { caData: cluster.caData }
                  : { skipTLSVerify: true }),
              },
            ],
          },
        ],
      },
      rollouts: { clusters: [cluster], ...setup.rollouts },
    }),
  );
  return file;
}

/** A guest user's Backstage token, from a replica's guest sign-in. */
export async function guestToken(replica: BackendReplica): Promise<string> {
  const res = await fetch(`${replica.baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** What {@link dropReplicaDatabases} needs of a Knex client of the same PostgreSQL server. */
export interface RawQueries {
  raw(sql: string, bindings: unknown[]): PromiseLike<any>;
}

/** Drops the replicas' databases (`<prefix>…`). */
export async function dropReplicaDatabases(
  db: RawQueries,
  prefix: string,
): Promise<void> {
  const { rows } = await db.raw(
    'SELECT datname FROM pg_database WHERE datname LIKE ?',
    [`${prefix}%`],
  );
  for (const { datname } of rows)
    await db.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
}
