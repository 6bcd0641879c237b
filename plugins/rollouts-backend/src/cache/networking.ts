import {
  RolloutIngressRef,
  RolloutNetworking,
  RolloutServiceRef,
  strategyObjectReferences,
} from '@gradual/plugin-rollouts-common';
import { KubeObject } from '@gradual/plugin-rollouts-common';
import { summarizeVirtualServices } from './virtualServices';

const POD_TEMPLATE_HASH = 'rollouts-pod-template-hash';
const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';
const NGINX_CANARY = `${NGINX_PREFIX}canary`;

/**
 * The Services, Ingresses and VirtualServices a rollout references,
 * summarized from the (trimmed) cached objects; `lookup` finds one in the rollout's namespace.
 */
export function summarizeNetworking(
  rollout: KubeObject,
  lookup: (
    type: 'services' | 'ingresses' | 'virtualservices',
    name: string,
  ) => KubeObject | undefined,
): RolloutNetworking {
  const strategy = rollout.spec?.strategy ?? {};
  const services: RolloutServiceRef[] = [];
  const addService = (role: RolloutServiceRef['role'], name: unknown) => {
    if (typeof name !== 'string' || !name) return;
    const svc = lookup('services', name);
    services.push({
      role,
      name,
      found: Boolean(svc),
      ...(svc
        ? {
            type: svc.spec?.type ?? 'ClusterIP',
            ports: (svc.spec?.ports ?? []).map(
              (p: any) =>
                `${p.port}/${p.protocol ?? 'TCP'}${
                  p.targetPort !== undefined ? `→${p.targetPort}` : ''
                }`,
            ),
            podTemplateHash: svc.spec?.selector?.[POD_TEMPLATE_HASH],
          }
        : {}),
    });
  };
  const ingresses: RolloutIngressRef[] = [];
  const addIngress = (
    role: RolloutIngressRef['role'],
    name: unknown,
    onlyIfFound = false,
  ) => {
    if (typeof name !== 'string' || !name) return;
    const ing = lookup('ingresses', name);
    if (!ing && onlyIfFound) return;
    const weight =
      ing?.metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight'];
    const canaryAnnotations = Object.fromEntries(
      Object.entries(ing?.metadata.annotations ?? {})
        .filter(([k]) => k.startsWith(NGINX_CANARY))
        .map(([k, v]) => [k.slice(NGINX_PREFIX.length), String(v)]),
    );
    ingresses.push({
      role,
      name,
      found: Boolean(ing),
      ...(ing
        ? {
            hosts: (ing.spec?.rules ?? [])
              .map((r: any) => r.host)
              .filter(Boolean),
            ...(weight !== undefined && !Number.isNaN(Number(weight))
              ? { canaryWeight: Number(weight) }
              : {}),
            ...(Object.keys(canaryAnnotations).length
              ? { canaryAnnotations }
              : {}),
          }
        : {}),
    });
  };

  const refs = strategyObjectReferences(strategy);
  for (const ref of refs) {
    if (ref.kind === 'Service' && ref.role !== 'analysis') {
      addService(ref.role, ref.name);
    }
  }
  for (const ref of refs) {
    if (ref.kind === 'Ingress') addIngress('stable', ref.name);
  }
  // The canary ingress the controller manages next to each nginx stable ingress.
  for (const ref of refs) {
    if (ref.kind === 'Ingress' && ref.router === 'nginx') {
      addIngress(
        'canary',
        `${rollout.metadata.name}-${ref.name}-canary`.slice(0, 253),
        true,
      );
    }
  }
  const virtualServices = strategy.canary
    ? summarizeVirtualServices(strategy.canary.trafficRouting, name =>
        lookup('virtualservices', name),
      )
    : [];
  return {
    services,
    ingresses,
    ...(virtualServices.length ? { virtualServices } : {}),
  };
}
