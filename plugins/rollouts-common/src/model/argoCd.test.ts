import { argoCdTracking, isManagedByArgoCD } from './argoCd';
import type { KubeObject } from './kubeObjects';

const object = (
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'web-uid',
    labels,
    annotations,
  },
});

describe('argoCdTracking', () => {
  it('reads annotation tracking (the tracking-id wins over labels)', () => {
    const obj = object(
      { 'app.kubernetes.io/instance': 'shop' },
      { 'argocd.argoproj.io/tracking-id': 'shop:argoproj.io/Rollout:shop/web' },
    );
    expect(argoCdTracking(obj)).toEqual({
      method: 'annotation',
      trackingId: 'shop:argoproj.io/Rollout:shop/web',
    });
  });

  it('reads label tracking with the custom instance label key', () => {
    expect(
      argoCdTracking(object({ 'argocd.argoproj.io/instance': 'shop-prod' })),
    ).toEqual({
      method: 'label',
      label: 'argocd.argoproj.io/instance',
      application: 'shop-prod',
    });
  });

  it('reads the app.kubernetes.io/instance key only where configured', () => {
    const obj = object({ 'app.kubernetes.io/instance': 'shop' });
    expect(argoCdTracking(obj)).toBeUndefined();
    expect(
      argoCdTracking(obj, {
        instanceLabelKeys: ['app.kubernetes.io/instance'],
      }),
    ).toEqual({
      method: 'label',
      label: 'app.kubernetes.io/instance',
      application: 'shop',
    });
  });

  it('does not take an installed Helm release for Argo CD', () => {
    const helm = object(
      {
        'app.kubernetes.io/instance': 'shop',
        'app.kubernetes.io/managed-by': 'Helm',
      },
      { 'meta.helm.sh/release-name': 'shop' },
    );
    const options = { instanceLabelKeys: ['app.kubernetes.io/instance'] };
    expect(argoCdTracking(helm, options)).toBeUndefined();
    expect(isManagedByArgoCD(helm, options)).toBe(false);
  });

  it('is undefined without tracking metadata or with empty values', () => {
    expect(argoCdTracking(object())).toBeUndefined();
    expect(
      argoCdTracking(
        object(
          { 'argocd.argoproj.io/instance': '' },
          { 'argocd.argoproj.io/tracking-id': '' },
        ),
      ),
    ).toBeUndefined();
  });
});
