/*
 * The test services reach the tests only through the environment that
 * scripts/ensure-test-services.sh writes to ~/.cache/gradual/test-services.env.
 */
const HOW =
  'run scripts/ensure-test-services.sh and source ~/.cache/gradual/test-services.env';

/** The variable's value; throws naming it and what the test needs it for. */
export function requiredEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: ${what} (${HOW})`);
  }
  return value;
}

/** The variables of `names` that are not set, in a message; undefined when all are. */
export function missingEnv(names: readonly string[], what: string) {
  const missing = names.filter(name => !process.env[name]);
  return missing.length === 0
    ? undefined
    : `${what}: ${missing.join(', ')} not set (${HOW})`;
}

/** True when the cluster environment is set (the cluster test project requires it). */
export function integrationEnabled(): boolean {
  return Boolean(process.env.GRADUAL_KUBECONFIG);
}

/** The local cluster's Prometheus, from GRADUAL_PROMETHEUS_URL. */
export function testPrometheusUrl(): string {
  return requiredEnv(
    'GRADUAL_PROMETHEUS_URL',
    'the test needs the Prometheus of the local cluster',
  );
}
