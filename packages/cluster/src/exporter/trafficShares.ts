/*
 * How a rollout's traffic is split across its pods, following what the real
 * controller has set up:
 *  - canary with traffic routing: status.canary.weights (canary weight to the
 *    canary pods, the rest to the stable pods);
 *  - blue-green: all to the active selector's pods, a smoke-test trickle to
 *    the preview pods;
 *  - anything else (replica-based canary): uniform over ready pods, like a
 *    Service selecting all of them.
 */

/** Requests per second a whole rollout receives. */
export const ROLLOUT_RPS = 50;
/** Share of ROLLOUT_RPS sent to blue-green preview pods (smoke tests). */
export const PREVIEW_SHARE = 0.1;

export interface PodView {
  key: string; // namespace/name
  namespace: string;
  rollout: string;
  hash: string;
  ready: boolean;
}

export interface RolloutView {
  namespace: string;
  name: string;
  canaryWeights?: {
    canaryHash?: string;
    canaryWeight: number;
    stableHash?: string;
  };
  blueGreen?: { activeHash?: string; previewHash?: string };
}

function splitEvenly(pods: PodView[], rps: number, out: Map<string, number>) {
  for (const pod of pods) out.set(pod.key, rps / pods.length);
}

/** rps per pod key; pods absent from the map receive no traffic. */
export function trafficShares(
  rollouts: RolloutView[],
  pods: PodView[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const ro of rollouts) {
    const mine = pods.filter(
      p => p.ready && p.namespace === ro.namespace && p.rollout === ro.name,
    );
    if (mine.length === 0) continue;
    const withHash = (hash?: string) =>
      mine.filter(p => hash && p.hash === hash);
    if (ro.blueGreen?.activeHash) {
      splitEvenly(withHash(ro.blueGreen.activeHash), ROLLOUT_RPS, out);
      if (ro.blueGreen.previewHash !== ro.blueGreen.activeHash) {
        splitEvenly(
          withHash(ro.blueGreen.previewHash),
          ROLLOUT_RPS * PREVIEW_SHARE,
          out,
        );
      }
    } else if (ro.canaryWeights) {
      const { canaryHash, canaryWeight, stableHash } = ro.canaryWeights;
      const canaryPods = canaryHash === stableHash ? [] : withHash(canaryHash);
      const stablePods = withHash(stableHash);
      const canaryRps = (ROLLOUT_RPS * canaryWeight) / 100;
      splitEvenly(canaryPods, canaryPods.length ? canaryRps : 0, out);
      splitEvenly(
        stablePods,
        ROLLOUT_RPS - (canaryPods.length ? canaryRps : 0),
        out,
      );
    } else {
      splitEvenly(mine, ROLLOUT_RPS, out);
    }
  }
  return out;
}
