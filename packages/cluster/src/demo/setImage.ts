/*
 * `kubectl argo rollouts set image` for one rollout: GET the Rollout, change
 * the image of the named container (or of every container for "*"), PUT it
 * back; retry on 409 Conflict up to 5 times, like the plugin.
 */
import { KubeClients, errorStatus } from '../kube/clients';

const ROLLOUTS = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'rollouts',
};

export async function setRolloutImage(
  clients: KubeClients,
  options: {
    namespace: string;
    rollout: string;
    container: string;
    image: string;
  },
): Promise<void> {
  const { namespace, rollout, container, image } = options;
  for (let attempt = 1; ; attempt++) {
    const obj: any = await clients.custom.getNamespacedCustomObject({
      ...ROLLOUTS,
      namespace,
      name: rollout,
    });
    if (obj.spec?.workloadRef) {
      throw new Error(
        `rollout ${rollout} uses a workloadRef; set the image on the Deployment`,
      );
    }
    const podSpec = obj.spec.template.spec;
    let found = false;
    for (const list of [
      'initContainers',
      'containers',
      'ephemeralContainers',
    ]) {
      for (const c of podSpec[list] ?? []) {
        if (container === '*' || c.name === container) {
          c.image = image;
          found = true;
        }
      }
    }
    if (!found)
      throw new Error(`unable to find container named "${container}"`);
    try {
      await clients.custom.replaceNamespacedCustomObject({
        ...ROLLOUTS,
        namespace,
        name: rollout,
        body: obj,
      });
      return;
    } catch (e) {
      if (errorStatus(e) !== 409 || attempt >= 5) throw e;
    }
  }
}

/** `demo deploy <service> <tag>`: registry.local/<service>:<tag>. */
export function demoImage(service: string, tag: string): string {
  return `registry.local/${service}:${tag}`;
}
