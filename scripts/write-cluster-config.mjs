// Writes an app-config fragment that points the portal (the Rollouts plugin and
// the upstream Kubernetes plugin) at the local cluster whose kubeconfig is given,
// and prints the fragment's path. The token stays in the cluster's state dir.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

const [kubeconfigPath, prometheusUrl] = process.argv.slice(2);
if (!kubeconfigPath) {
  console.error(
    'usage: write-cluster-config.mjs <kubeconfig> [prometheus-url]',
  );
  process.exit(2);
}
const kubeconfig = parse(readFileSync(kubeconfigPath, 'utf8'));
const context = kubeconfig.contexts.find(
  c => c.name === kubeconfig['current-context'],
).context;
const cluster = kubeconfig.clusters.find(
  c => c.name === context.cluster,
).cluster;
const user = kubeconfig.users.find(u => u.name === context.user).user;

const localCluster = {
  name: 'local',
  title: 'Local cluster',
  url: cluster.server,
  authProvider: 'serviceAccount',
  serviceAccountToken: user.token,
  skipTLSVerify: true,
};
// The local Git host (Gitea), when `yarn cluster up` started it: the Backstage
// Gitea integration (scaffolder publish:gitea, URL reader) and the GitOps pull requests.
const giteaAdminPath = join(dirname(kubeconfigPath), 'gitea', 'admin.json');
const giteaIni = join(dirname(kubeconfigPath), 'gitea', 'app.ini');
let gitea;
if (existsSync(giteaAdminPath) && existsSync(giteaIni)) {
  const admin = JSON.parse(readFileSync(giteaAdminPath, 'utf8'));
  const rootUrl = /^ROOT_URL\s*=\s*(\S+?)\/?$/m.exec(
    readFileSync(giteaIni, 'utf8'),
  )?.[1];
  if (rootUrl) {
    gitea = {
      host: new URL(rootUrl).host,
      baseUrl: rootUrl,
      username: admin.username,
      password: admin.token,
    };
  }
}
const fragment = {
  ...(gitea ? { integrations: { gitea: [gitea] } } : {}),
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [{ type: 'config', clusters: [localCluster] }],
  },
  ...(prometheusUrl
    ? {
        rollouts: {
          analysis: {
            prometheus: [{ cluster: localCluster.name, url: prometheusUrl }],
          },
        },
      }
    : {}),
};
const out = join(dirname(kubeconfigPath), 'app-config.cluster.yaml');
writeFileSync(out, stringify(fragment), { mode: 0o600 });
console.log(out);
