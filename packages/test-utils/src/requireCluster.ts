/*
 * First setup file of the cluster test project: its tests run against the
 * real local cluster and get it only through the environment that
 * scripts/ensure-test-services.sh writes to ~/.cache/gradual/test-services.env.
 * Without it every cluster test suite fails here, loudly, instead of skipping.
 */
import { missingEnv } from './env';

const REQUIRED = [
  'GRADUAL_KUBECONFIG',
  'GRADUAL_PROMETHEUS_URL',
  'GRADUAL_TEST_POSTGRES_URL',
] as const;

const missing = missingEnv(
  REQUIRED,
  'The cluster tests need the real local cluster',
);
if (missing) {
  throw new Error(missing);
}
