// A package registry for the packed @gradual/* tarballs only, so that the
// adopter app installs them with the very `yarn add @gradual/...` lines the
// README shows, as it would from npm once they are published. The adopter
// app's .yarnrc.yml routes the @gradual scope here (npmScopes); every other
// package comes from the usual registry.
//
// It answers the two requests a package manager makes: the packument
// (GET /@gradual%2fname) and the tarball it names.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** The package.json inside a tarball (package/package.json). */
function manifestOf(file) {
  return JSON.parse(
    execFileSync('tar', ['-xzOf', file, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
}

/**
 * Serves every *.tgz in `dir` on 127.0.0.1 (a free port) and resolves to
 * `{ url, packages, close }`; `packages` maps package names to versions.
 */
export async function startLocalRegistry(dir) {
  const published = new Date().toISOString();
  const byName = new Map();
  const files = new Map();
  for (const entry of readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
    const file = join(dir, entry);
    const data = readFileSync(file);
    const manifest = manifestOf(file);
    files.set(entry, data);
    byName.set(manifest.name, {
      manifest,
      entry,
      shasum: createHash('sha1').update(data).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
    });
  }

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const tarball = /^\/-\/(.+\.tgz)$/.exec(path)?.[1];
    if (tarball && files.has(tarball)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(files.get(tarball));
      return;
    }
    const pkg = byName.get(path.slice(1));
    if (!pkg) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `not found: ${path}` }));
      return;
    }
    const { version } = pkg.manifest;
    const base = `http://${req.headers.host}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        name: pkg.manifest.name,
        'dist-tags': { latest: version },
        time: { created: published, modified: published, [version]: published },
        versions: {
          [version]: {
            ...pkg.manifest,
            dist: {
              tarball: `${base}/-/${pkg.entry}`,
              shasum: pkg.shasum,
              integrity: pkg.integrity,
            },
          },
        },
      }),
    );
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    packages: new Map(
      [...byName].map(([name, p]) => [name, p.manifest.version]),
    ),
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
