import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeClient } from '../kube/KubeClient';
import { ClusterConnection } from '../kube/types';
import { ClusterCache, RolloutChangeListener } from './ClusterCache';
import { WatcherOptions } from './ResourceWatcher';

/** All clusters' watch caches. */
export class RolloutsCache {
  readonly #clusters: Map<string, ClusterCache>;

  static fromConnections(
    connections: ClusterConnection[],
    options: { logger: LoggerService; watch: WatcherOptions },
  ): RolloutsCache {
    return new RolloutsCache(
      connections.map(
        conn =>
          new ClusterCache({
            client: new KubeClient(conn),
            title: conn.title,
            logger: options.logger.child({ cluster: conn.name }),
            watch: options.watch,
          }),
      ),
    );
  }

  constructor(clusters: ClusterCache[]) {
    this.#clusters = new Map(clusters.map(c => [c.name, c]));
  }

  start(): void {
    for (const c of this.#clusters.values()) c.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#clusters.values()].map(c => c.stop()));
  }

  clusters(): ClusterCache[] {
    return [...this.#clusters.values()];
  }

  cluster(name: string): ClusterCache | undefined {
    return this.#clusters.get(name);
  }

  onRolloutsChanged(listener: RolloutChangeListener): () => void {
    const offs = this.clusters().map(c => c.onRolloutsChanged(listener));
    return () => offs.forEach(off => off());
  }
}
