/*
 * The one rule for cluster tests: a file named *.cluster.test.* or
 * *.integration.test.* runs against the real local cluster, in the cluster
 * project only. The root package.json jest.testPathIgnorePatterns holds the
 * same string (checked by jestCluster.js).
 */
module.exports = {
  CLUSTER_TEST: '\\.(cluster|integration)\\.test\\.[cm]?[jt]sx?$',
};
