import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { CRD_DIR } from '@gradual/test-utils';

const PACKAGE = '@gradual/plugin-scaffolder-backend-module-rollouts';

/** The real Argo Rollouts CRDs, read from `../shared` beside the repository. */
export const CRD_DIRECTORY = CRD_DIR;

/** The demo template of this module. */
export const TEMPLATE_PATH = resolvePackagePath(
  PACKAGE,
  '../../examples/templates/progressive-delivery/template.yaml',
);

export const TEST_SERVICE = {
  name: 'user-service',
  image: 'ghcr.io/gradual/user-service:1.2.3',
  port: 8080,
  namespace: 'demo',
  environment: 'production',
};

export const TEST_SETTINGS = {
  prometheusAddress: 'http://127.0.0.1:19090',
  cluster: 'local',
  judge: { url: 'http://127.0.0.1:7007/api/rollouts/analysis/judge' },
};
