// Exit 0 when any of the given app-config files configures a cluster for the
// Rollouts plugin (`rollouts.clusters`, or `kubernetes.clusterLocatorMethods`
// of type `config` with clusters), 1 otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const configured = process.argv.slice(2).some(file => {
  if (!existsSync(file)) return false;
  const config = parse(readFileSync(file, 'utf8')) ?? {};
  if ((config.rollouts?.clusters ?? []).length > 0) return true;
  return (config.kubernetes?.clusterLocatorMethods ?? []).some(
    m => m?.type === 'config' && (m.clusters ?? []).length > 0,
  );
});
process.exit(configured ? 0 : 1);
