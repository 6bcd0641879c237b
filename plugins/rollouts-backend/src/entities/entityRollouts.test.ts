import { rolloutBelongsTo, selectorForEntity } from './entityRollouts';

const entity = (annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default', annotations },
});
const rollout = (namespace: string, labels: Record<string, string>) => ({
  metadata: { name: 'web', namespace, uid: 'u', labels },
});

describe('selectorForEntity', () => {
  it('defaults to kubernetes-id = entity name', () => {
    const s = selectorForEntity(entity());
    expect(s.entityRef).toBe('component:default/shop');
    expect(
      rolloutBelongsTo(
        s,
        rollout('a', { 'backstage.io/kubernetes-id': 'shop' }),
      ),
    ).toBe(true);
    expect(
      rolloutBelongsTo(
        s,
        rollout('a', { 'backstage.io/kubernetes-id': 'other' }),
      ),
    ).toBe(false);
  });

  it('uses the kubernetes-id annotation and the namespace restriction', () => {
    const s = selectorForEntity(
      entity({
        'backstage.io/kubernetes-id': 'shop-web',
        'backstage.io/kubernetes-namespace': 'prod',
      }),
    );
    expect(
      rolloutBelongsTo(
        s,
        rollout('prod', { 'backstage.io/kubernetes-id': 'shop-web' }),
      ),
    ).toBe(true);
    expect(
      rolloutBelongsTo(
        s,
        rollout('dev', { 'backstage.io/kubernetes-id': 'shop-web' }),
      ),
    ).toBe(false);
  });

  it('prefers the label selector annotation', () => {
    const s = selectorForEntity(
      entity({
        'backstage.io/kubernetes-id': 'x',
        'backstage.io/kubernetes-label-selector': 'app=shop,tier in (web)',
      }),
    );
    expect(
      rolloutBelongsTo(s, rollout('a', { app: 'shop', tier: 'web' })),
    ).toBe(true);
    expect(
      rolloutBelongsTo(s, rollout('a', { 'backstage.io/kubernetes-id': 'x' })),
    ).toBe(false);
  });

  it('rejects an invalid selector as bad input', () => {
    expect(() =>
      selectorForEntity(
        entity({ 'backstage.io/kubernetes-label-selector': 'a b c' }),
      ),
    ).toThrow(/invalid Kubernetes selector/);
  });
});
