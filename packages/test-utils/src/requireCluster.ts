/*
 * First setup file of the cluster test project: its tests run against the
 * real local cluster and get it only through the environment that
 * scripts/ensure-test-services.sh writes to ~/.cache/gradual/test-services.env.
 * Without it every cluster test suite fails here, loudly, instead of skipping.
 */
const REQUIRED = [
  'GRADUAL_KUBECONFIG',
  'GRADUAL_PROMETHEUS_URL',
  'GRADUAL_TEST_POSTGRES_URL',
] as const;

const missing = REQUIRED.filter(name => !process.env[name]);
if (missing.length > 0) {
  throw new Error(
    `The cluster tests need the real local cluster: ${missing.join(
      ', ',
    )} not set. Run scripts/ensure-test-services.sh, then ` +
      'source ~/.cache/gradual/test-services.env',
  );
}
