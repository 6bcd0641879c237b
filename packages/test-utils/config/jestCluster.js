/*
 * Jest config of the cluster test project (`yarn test:cluster`).
 *
 * A cluster test is a file named *.cluster.test.* or *.integration.test.*:
 * it runs against the real local cluster. The root package.json ignores these
 * files (jest.testPathIgnorePatterns), so `yarn test` and every package's
 * `backstage-cli package test` run only unit tests and never need a cluster.
 * This config takes the same Backstage project configs and inverts that one
 * pattern, so each test file is in exactly one of the two projects, and adds
 * a setup file that fails every suite when the cluster environment is absent.
 *
 *   yarn test:cluster                       # every package
 *   cd plugins/x && yarn backstage-cli package test --config ../../packages/test-utils/config/jestCluster.js
 */
const path = require('node:path');

const { CLUSTER_TEST } = require('./clusterTestPattern');

const NODE_MODULES = '/node_modules/';

const rootPackage = require(path.resolve(__dirname, '../../../package.json'));
const unitIgnores = rootPackage.jest?.testPathIgnorePatterns ?? [];
if (!unitIgnores.includes(CLUSTER_TEST)) {
  throw new Error(
    `package.json jest.testPathIgnorePatterns must contain ${JSON.stringify(
      CLUSTER_TEST,
    )} (the cluster test pattern of ${__filename})`,
  );
}

function clusterProject(project) {
  return {
    ...project,
    ...(project.displayName
      ? { displayName: `${project.displayName} (cluster)` }
      : {}),
    // Ignore every path that is not a cluster test: the exact complement of
    // the unit projects.
    testPathIgnorePatterns: [NODE_MODULES, `^(?!.*${CLUSTER_TEST})`],
    setupFiles: [
      require.resolve('../src/requireCluster.ts'),
      ...(project.setupFiles ?? []),
    ],
  };
}

module.exports = (async () => {
  const config = await require('@backstage/cli/config/jest');
  if (Array.isArray(config.projects)) {
    return { ...config, projects: config.projects.map(clusterProject) };
  }
  return clusterProject(config);
})();
