/*
 * The generator: strategy spec + service inputs → the manifests a service
 * needs (Rollout, Services, Ingress, AnalysisTemplates), as objects, as files
 * and as one multi-document YAML string.
 */
import {
  buildAnalysisTemplate,
  isBuiltInAnalysisTemplate,
} from './analysisTemplates';
import {
  referencedAnalysisTemplates,
  strategyNames,
  strategyToArgo,
} from './strategyToArgo';
import { KUBERNETES_ID_ANNOTATION } from '../model/conventions';
import { toYamlDocuments } from './yaml';
import type {
  GeneratorSettings,
  KubernetesObject,
  ServiceInputs,
  StrategySpec,
} from './types';

export const ENVIRONMENT_LABEL = 'gradual.dev/environment';
const NAME_LABEL = 'app.kubernetes.io/name';

export interface GeneratedFile {
  /** Relative file name, e.g. `rollout.yaml`. */
  path: string;
  content: string;
}

export interface GeneratedManifests {
  objects: KubernetesObject[];
  /** All objects as one multi-document YAML string. */
  yaml: string;
  /** The objects grouped by kind into files. */
  files: GeneratedFile[];
}

const FILE_BY_KIND: Record<string, string> = {
  Rollout: 'rollout.yaml',
  Service: 'services.yaml',
  Ingress: 'ingress.yaml',
  AnalysisTemplate: 'analysis-templates.yaml',
  VirtualService: 'virtual-services.yaml',
};

/** The HTTP route of a generated VirtualService when the spec names none. */
export const DEFAULT_ISTIO_ROUTE = 'primary';

function commonLabels(service: ServiceInputs): Record<string, string> {
  return {
    [KUBERNETES_ID_ANNOTATION]: service.name,
    [NAME_LABEL]: service.name,
    ...(service.environment
      ? { [ENVIRONMENT_LABEL]: service.environment }
      : {}),
  };
}

function metadata(service: ServiceInputs, name: string) {
  return {
    name,
    namespace: service.namespace,
    labels: commonLabels(service),
  };
}

function rolloutObject(
  spec: StrategySpec,
  service: ServiceInputs,
): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: metadata(service, service.name),
    spec: {
      replicas: service.replicas ?? 3,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { [NAME_LABEL]: service.name } },
      template: {
        metadata: {
          labels: commonLabels(service),
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(service.port),
          },
        },
        spec: {
          containers: [
            {
              name: service.name,
              image: service.image,
              ports: [
                { name: 'http', containerPort: service.port, protocol: 'TCP' },
              ],
              resources: { requests: { cpu: '50m', memory: '64Mi' } },
            },
          ],
        },
      },
      strategy: strategyToArgo(spec, service.name),
    },
  };
}

function serviceObject(service: ServiceInputs, name: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(service, name),
    spec: {
      selector: { [NAME_LABEL]: service.name },
      ports: [
        {
          name: 'http',
          port: service.port,
          targetPort: 'http',
          protocol: 'TCP',
        },
      ],
    },
  };
}

function ingressObject(
  service: ServiceInputs,
  name: string,
  backendService: string,
  host: string,
  ingressClassName: string,
): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: metadata(service, name),
    spec: {
      ingressClassName,
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: backendService, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

function serviceObjects(spec: StrategySpec, service: ServiceInputs) {
  const names = strategyNames(service.name, spec);
  if (spec.strategy === 'blueGreen') {
    return [
      serviceObject(service, names.activeService),
      serviceObject(service, names.previewService),
    ];
  }
  if (spec.trafficRouting) {
    return [
      serviceObject(service, names.stableService),
      serviceObject(service, names.canaryService),
    ];
  }
  return [serviceObject(service, service.name)];
}

function ingressObjects(spec: StrategySpec, service: ServiceInputs) {
  if (spec.strategy !== 'canary' || !spec.trafficRouting?.nginx) return [];
  const nginx = spec.trafficRouting.nginx;
  const names = strategyNames(service.name, spec);
  return [
    ingressObject(
      service,
      names.stableIngress,
      names.stableService,
      nginx.host ?? `${service.name}.${service.namespace}.local`,
      nginx.ingressClassName ?? 'nginx',
    ),
  ];
}

function virtualServiceObject(
  service: ServiceInputs,
  name: string,
  routes: string[],
  names: { stableService: string; canaryService: string },
): KubernetesObject {
  return {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'VirtualService',
    metadata: metadata(service, name),
    spec: {
      hosts: [service.name],
      // Argo rewrites the weights of these routes and puts the managed
      // (header / mirror) routes in front of them.
      http: routes.map(route => ({
        name: route,
        route: [
          { destination: { host: names.stableService }, weight: 100 },
          { destination: { host: names.canaryService }, weight: 0 },
        ],
      })),
    },
  };
}

function virtualServiceObjects(spec: StrategySpec, service: ServiceInputs) {
  if (spec.strategy !== 'canary' || !spec.trafficRouting?.istio) return [];
  const istio = spec.trafficRouting.istio;
  const names = strategyNames(service.name, spec);
  return [
    ...(istio.virtualService ? [istio.virtualService] : []),
    ...(istio.virtualServices ?? []),
  ].map(vs =>
    virtualServiceObject(
      service,
      vs.name,
      vs.routes?.length ? vs.routes : [DEFAULT_ISTIO_ROUTE],
      names,
    ),
  );
}

function analysisTemplateObjects(
  spec: StrategySpec,
  service: ServiceInputs,
  settings: GeneratorSettings,
) {
  return referencedAnalysisTemplates(spec)
    .filter(isBuiltInAnalysisTemplate)
    .map(name => {
      const template = buildAnalysisTemplate(name, settings);
      return {
        ...template,
        metadata: {
          ...template.metadata,
          namespace: service.namespace,
          labels: commonLabels(service),
        },
      };
    });
}

/**
 * Generates the manifests of one service. Analysis templates outside the
 * built-in set are referenced but not generated (lint reports them).
 */
export function generateManifests(
  spec: StrategySpec,
  service: ServiceInputs,
  settings: GeneratorSettings,
): GeneratedManifests {
  const objects = [
    rolloutObject(spec, service),
    ...serviceObjects(spec, service),
    ...ingressObjects(spec, service),
    ...virtualServiceObjects(spec, service),
    ...analysisTemplateObjects(spec, service, settings),
  ];
  const byFile = new Map<string, KubernetesObject[]>();
  for (const object of objects) {
    const file = FILE_BY_KIND[object.kind];
    byFile.set(file, [...(byFile.get(file) ?? []), object]);
  }
  return {
    objects,
    yaml: toYamlDocuments(objects),
    files: [...byFile].map(([path, fileObjects]) => ({
      path,
      content: toYamlDocuments(fileObjects),
    })),
  };
}
