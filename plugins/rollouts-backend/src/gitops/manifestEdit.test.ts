import { parse, parseAllDocuments } from 'yaml';
import { editManifest, matchManifest } from './manifestEdit';

const FILE = `# web: the shop's frontend
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports:
    - port: 80
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3 # three for the peak
  template:
    spec:
      initContainers:
        - name: migrate
          image: "registry.local/web-migrate:1.0.0"
      containers:
        - name: app
          image: "registry.local/web:1.0.0" # pinned by CI
          ports:
            - containerPort: 8080
        - name: sidecar
          image: registry.local/proxy:2.0.0
  strategy:
    canary:
      # the stable Service must exist
      stableService: web-stable
      steps:
        - setWeight: 40
        - pause: {}
`;

const WEB = { kind: 'Rollout', name: 'web', namespace: 'shop' };

describe('matchManifest', () => {
  it('finds the object by kind, name and namespace', () => {
    expect(matchManifest(FILE, WEB)).toBe('namespace');
    expect(matchManifest(FILE, { ...WEB, namespace: 'other' })).toBeUndefined();
    expect(matchManifest(FILE, { ...WEB, kind: 'Deployment' })).toBeUndefined();
  });

  it('takes a document without a namespace for the destination namespace', () => {
    const text = 'kind: Rollout\nmetadata:\n  name: web\n';
    expect(matchManifest(text, WEB)).toBe('no-namespace');
  });

  it('is undefined for a file that is not YAML (e.g. a Helm template)', () => {
    expect(matchManifest('kind: Rollout\n  {{ .Values }}: [', WEB)).toBe(
      undefined,
    );
  });
});

describe('editManifest', () => {
  it('changes only the strategy, keeping comments, quoting and the other documents', () => {
    const strategy = {
      canary: {
        stableService: 'web-stable',
        steps: [
          { setWeight: 20 },
          { pause: { duration: '10s' } },
          { pause: {} },
        ],
      },
    };
    const out = editManifest(FILE, WEB, { kind: 'strategy', strategy });
    const docs = parseAllDocuments(out).map(d => d.toJS());
    expect(docs[0]).toEqual(parseAllDocuments(FILE)[0].toJS());
    expect(docs[1].spec.strategy).toEqual(strategy);
    expect(out).toContain('# the stable Service must exist');
    expect(out).toContain('replicas: 3 # three for the peak');
    expect(out).toContain('image: "registry.local/web:1.0.0" # pinned by CI');
    // Nothing before the strategy moved.
    const head = FILE.slice(0, FILE.indexOf('  strategy:'));
    expect(out.startsWith(head)).toBe(true);
  });

  it('drops keys the new strategy does not have', () => {
    const strategy = { blueGreen: { activeService: 'web-stable' } };
    const out = editManifest(FILE, WEB, { kind: 'strategy', strategy });
    expect(parseAllDocuments(out)[1].toJS().spec.strategy).toEqual(strategy);
  });

  it('returns the same text when the file already holds the change', () => {
    const strategy = parseAllDocuments(FILE)[1].toJS().spec.strategy;
    expect(editManifest(FILE, WEB, { kind: 'strategy', strategy })).toBe(FILE);
  });

  it('sets the image of the named container only: a one-line change', () => {
    const out = editManifest(FILE, WEB, {
      kind: 'set-image',
      container: 'app',
      image: 'registry.local/web:1.1.0',
    });
    const before = FILE.split('\n');
    const after = out.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toEqual([
      '          image: "registry.local/web:1.1.0" # pinned by CI',
    ]);
  });

  it('sets every container with "*" (init containers too, as the CLI does)', () => {
    const out = editManifest(FILE, WEB, {
      kind: 'set-image',
      container: '*',
      image: 'registry.local/all:9',
    });
    const spec = parse(out.split('---\n')[1]).spec.template.spec;
    expect(spec.initContainers[0].image).toBe('registry.local/all:9');
    expect(spec.containers.map((c: any) => c.image)).toEqual([
      'registry.local/all:9',
      'registry.local/all:9',
    ]);
  });

  it('answers 400 for an unknown container and 409 for a missing object', () => {
    expect(() =>
      editManifest(FILE, WEB, {
        kind: 'set-image',
        container: 'nope',
        image: 'x:1',
      }),
    ).toThrow(expect.objectContaining({ name: 'InputError' }));
    expect(() =>
      editManifest(
        FILE,
        { ...WEB, name: 'api' },
        {
          kind: 'strategy',
          strategy: {},
        },
      ),
    ).toThrow(expect.objectContaining({ name: 'ConflictError' }));
    expect(() =>
      editManifest('a: [', WEB, { kind: 'strategy', strategy: {} }),
    ).toThrow(/not valid YAML/);
  });
});
