/*
 * Every test that reaches the real cluster is named as a cluster test, so
 * that `yarn test` never needs a cluster and `yarn test:cluster` runs it.
 */
import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CLUSTER_TEST } = require('../config/clusterTestPattern');

const ROOT = path.resolve(__dirname, '../../..');
/** What only a cluster test does: connect to the cluster or start it. */
const NEEDS_CLUSTER =
  /GRADUAL_KUBECONFIG|GRADUAL_PROMETHEUS_URL|connectTestCluster|ensureClusterUp|ensureGitHostUp|requireGitHost/;

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : testFiles(file);
    }
    return /\.test\.[cm]?[jt]sx?$/.test(entry.name) ? [file] : [];
  });
}

const sources = ['packages', 'plugins'].flatMap(group =>
  fs
    .readdirSync(path.join(ROOT, group))
    .map(name => path.join(ROOT, group, name, 'src'))
    .filter(dir => fs.existsSync(dir)),
);
// (this package's own tests name those words: they test the helpers, without a cluster)
const files = sources
  .flatMap(testFiles)
  .filter(f => !f.startsWith(`${__dirname}${path.sep}`));

describe('cluster test names', () => {
  it('finds the test files of the workspace packages', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some(f => new RegExp(CLUSTER_TEST).test(f))).toBe(true);
  });

  it('names every test that needs the cluster *.cluster.test.* or *.integration.test.*', () => {
    const misnamed = files
      .filter(f => !new RegExp(CLUSTER_TEST).test(f))
      .filter(f => NEEDS_CLUSTER.test(fs.readFileSync(f, 'utf8')))
      .map(f => path.relative(ROOT, f));
    expect(misnamed).toEqual([]);
  });

  it('is the pattern the root package.json keeps out of the unit projects', () => {
    const rootPackage = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
    );
    expect(rootPackage.jest.testPathIgnorePatterns).toContain(CLUSTER_TEST);
  });
});
