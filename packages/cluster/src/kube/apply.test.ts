import { parseManifests } from './apply';

describe('parseManifests', () => {
  it('skips empty documents (a trailing ---, comments only) and keeps CRD int-or-string fields', () => {
    const objects = parseManifests(`# leading comment
apiVersion: v1
kind: Namespace
metadata: { name: a }
---
# only a comment
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: things.example.com }
spec:
  group: example.com
  names: { kind: Thing, plural: things }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            port: { x-kubernetes-int-or-string: true }
---
`);
    expect(objects.map(o => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Namespace/a',
      'CustomResourceDefinition/things.example.com',
    ]);
    const crd: any = objects[1];
    expect(
      crd.spec.versions[0].schema.openAPIV3Schema.properties.port
        .x_kubernetes_int_or_string,
    ).toBe(true);
  });
});
