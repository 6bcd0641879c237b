import { diffPodTemplates, summarizePodTemplate } from './podTemplate';

const template = (container: Record<string, unknown>, extra = {}) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', ...container }], ...extra },
});

describe('summarizePodTemplate', () => {
  it('keeps image, command, args, env (valueFrom in words), resources and ports', () => {
    expect(
      summarizePodTemplate(
        template({
          image: 'web:1',
          command: ['/app'],
          args: ['--port', 8080],
          env: [
            { name: 'MODE', value: 'fast' },
            {
              name: 'DB_PASSWORD',
              valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
            },
            {
              name: 'POD',
              valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
            },
          ],
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: {} },
          ports: [{ name: 'http', containerPort: 8080 }],
        }),
      ),
    ).toEqual({
      containers: [
        {
          name: 'web',
          image: 'web:1',
          command: ['/app'],
          args: ['--port', '8080'],
          env: [
            { name: 'MODE', value: 'fast' },
            { name: 'DB_PASSWORD', valueFrom: 'secretKeyRef db/password' },
            { name: 'POD', valueFrom: 'fieldRef metadata.name' },
          ],
          resources: { requests: { cpu: '50m', memory: '64Mi' } },
          ports: ['http:8080/TCP'],
        },
      ],
    });
    expect(summarizePodTemplate(undefined)).toEqual({ containers: [] });
  });
});

describe('diffPodTemplates', () => {
  it('lists every change by container, env variable and resource', () => {
    const from = summarizePodTemplate(
      template(
        {
          image: 'web:1',
          args: ['--slow'],
          env: [
            { name: 'MODE', value: 'slow' },
            { name: 'OLD', value: 'x' },
          ],
          resources: { requests: { cpu: '50m' } },
        },
        { initContainers: [{ name: 'migrate', image: 'migrate:1' }] },
      ),
    );
    const to = summarizePodTemplate({
      spec: {
        containers: [
          {
            name: 'web',
            image: 'web:2',
            args: ['--fast'],
            env: [
              { name: 'MODE', value: 'fast' },
              { name: 'NEW', value: 'y' },
            ],
            resources: { requests: { cpu: '100m' }, limits: { memory: '1Gi' } },
          },
          { name: 'sidecar', image: 'proxy:1' },
        ],
      },
    });
    expect(diffPodTemplates(from, to)).toEqual([
      {
        container: 'migrate',
        init: true,
        field: 'container',
        before: 'migrate:1',
      },
      { container: 'web', field: 'image', before: 'web:1', after: 'web:2' },
      { container: 'web', field: 'args', before: '--slow', after: '--fast' },
      {
        container: 'web',
        field: 'env',
        key: 'MODE',
        before: 'slow',
        after: 'fast',
      },
      { container: 'web', field: 'env', key: 'OLD', before: 'x' },
      { container: 'web', field: 'env', key: 'NEW', after: 'y' },
      {
        container: 'web',
        field: 'resources',
        key: 'requests.cpu',
        before: '50m',
        after: '100m',
      },
      {
        container: 'web',
        field: 'resources',
        key: 'limits.memory',
        after: '1Gi',
      },
      { container: 'sidecar', field: 'container', after: 'proxy:1' },
    ]);
    expect(diffPodTemplates(to, to)).toEqual([]);
  });
});
