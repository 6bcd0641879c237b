import {
  RolloutVirtualServiceRef,
  VirtualServiceRouteInfo,
} from '@gradual/plugin-rollouts-common';
import { KubeObject } from '@gradual/plugin-rollouts-common';

/** An Istio StringMatch in words: `: v` exact, `^= v` prefix, `~ v` regex. */
function stringMatchText(match: any): string {
  if (match?.exact !== undefined) return `: ${match.exact}`;
  if (match?.prefix !== undefined) return ` ^= ${match.prefix}`;
  if (match?.regex !== undefined) return ` ~ ${match.regex}`;
  return ` ${JSON.stringify(match)}`;
}

/** One HTTPMatchRequest in words: its conditions joined by `, ` (all must hold). */
function matchText(match: any): string {
  const parts: string[] = [];
  if (match?.method) parts.push(`method${stringMatchText(match.method)}`);
  if (match?.uri) parts.push(`path${stringMatchText(match.uri)}`);
  for (const [header, value] of Object.entries(match?.headers ?? {})) {
    parts.push(`${header}${stringMatchText(value)}`);
  }
  return parts.join(', ');
}

function routeInfo(
  http: any,
  index: number,
  managed: Set<string>,
): VirtualServiceRouteInfo {
  const name = typeof http?.name === 'string' ? http.name : `#${index}`;
  const mirrorHost = http?.mirror?.host;
  return {
    name,
    managed: managed.has(name),
    match: (http?.match ?? []).map(matchText).filter(Boolean),
    destinations: (http?.route ?? []).map((d: any) => ({
      host: String(d?.destination?.host ?? ''),
      ...(d?.destination?.subset ? { subset: d.destination.subset } : {}),
      ...(typeof d?.weight === 'number' ? { weight: d.weight } : {}),
    })),
    ...(mirrorHost
      ? {
          mirror: {
            host: String(mirrorHost),
            ...(http.mirror.subset ? { subset: http.mirror.subset } : {}),
            ...(typeof http.mirrorPercentage?.value === 'number'
              ? { percentage: http.mirrorPercentage.value }
              : {}),
          },
        }
      : {}),
  };
}

/**
 * The VirtualServices a canary's Istio routing names, as the cluster has them:
 * each HTTP route with its match, destinations and weights, the managed
 * (header / mirror) routes the controller added marked as such.
 */
export function summarizeVirtualServices(
  trafficRouting: any,
  lookup: (name: string) => KubeObject | undefined,
): RolloutVirtualServiceRef[] {
  const istio = trafficRouting?.istio;
  if (!istio) return [];
  const managed = new Set<string>(
    (trafficRouting.managedRoutes ?? []).map((r: any) => String(r?.name)),
  );
  const refs = [
    ...(istio.virtualService ? [istio.virtualService] : []),
    ...(Array.isArray(istio.virtualServices) ? istio.virtualServices : []),
  ];
  return refs
    .map(ref => String(ref?.name ?? ''))
    .filter(Boolean)
    .map(full => {
      // `name.namespace` names a VirtualService of another namespace: not in this lookup
      const vs = lookup(full);
      return {
        name: full,
        found: Boolean(vs),
        ...(vs
          ? {
              routes: (vs.spec?.http ?? []).map((http: any, i: number) =>
                routeInfo(http, i, managed),
              ),
            }
          : {}),
      };
    });
}
