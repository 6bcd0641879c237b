import { InputError, NotFoundError } from '@backstage/errors';
import { readDryRunTemplate, validateDryRunRequest } from './dryRunRequest';

const YAML = `
kind: AnalysisTemplate
spec:
  metrics:
    - name: up
      provider:
        prometheus:
          query: up
`;

describe('validateDryRunRequest', () => {
  it('returns the cluster and args (none when omitted)', () => {
    expect(validateDryRunRequest({ cluster: 'local', template: YAML })).toEqual(
      { cluster: 'local', args: [] },
    );
  });

  it('refuses a missing cluster and malformed args', () => {
    expect(() =>
      validateDryRunRequest({ cluster: '', template: YAML }),
    ).toThrow(new InputError('cluster is required'));
    expect(() =>
      validateDryRunRequest({
        cluster: 'local',
        template: YAML,
        args: [{ name: 'a', value: 1 as any }],
      }),
    ).toThrow(new InputError('args must be a list of { name, value } strings'));
  });
});

describe('readDryRunTemplate', () => {
  it('parses inline YAML', async () => {
    const spec = await readDryRunTemplate(
      { cluster: 'local', template: YAML },
      undefined,
    );
    expect(spec.metrics.map(m => m.name)).toEqual(['up']);
  });

  it('reads a template by name, 404 when it does not exist', async () => {
    const get = jest.fn(async (_c, _ns, name: string) =>
      name === 'found'
        ? {
            kind: 'ClusterAnalysisTemplate',
            spec: { metrics: [{ name: 'up', provider: { job: {} } }] },
          }
        : undefined,
    );
    await expect(
      readDryRunTemplate({ cluster: 'c', template: { name: 'found' } }, get),
    ).resolves.toMatchObject({ metrics: [{ name: 'up' }] });
    await expect(
      readDryRunTemplate(
        { cluster: 'c', namespace: 'ns', template: { name: 'gone' } },
        get,
      ),
    ).rejects.toThrow(
      new NotFoundError('AnalysisTemplate ns/gone not found in cluster c'),
    );
    await expect(
      readDryRunTemplate({ cluster: 'c', template: { name: 'gone' } }, get),
    ).rejects.toThrow('ClusterAnalysisTemplate gone not found in cluster c');
  });

  it('refuses a malformed reference, and a name when the cluster cannot be read', async () => {
    await expect(
      readDryRunTemplate({ cluster: 'c', template: { name: '' } }, undefined),
    ).rejects.toThrow('template must be AnalysisTemplate YAML or { name }');
    await expect(
      readDryRunTemplate({ cluster: 'c', template: { name: 'x' } }, undefined),
    ).rejects.toThrow('Reading templates from the cluster is not available');
  });
});
