// Builds and packs every published package (plugins/* that are not private)
// the way a release does (`backstage-cli package build`, then `yarn pack`, which
// runs the Backstage prepack: publishConfig applied, workspace: ranges turned
// into versions, config.d.ts compiled to config.schema.json), then inspects the
// tarballs as an adopter's package manager would see them:
//
// - the files list: dist/ present, no src/ or test files, migrations complete;
// - package.json: main / module / types / exports / typesVersions point at
//   files inside the tarball, the config schema named by `configSchema` exists;
// - dependencies: no workspace:/link:/file:/portal: range, every range valid,
//   @gradual/* ranges satisfied by the packed versions, every other range one
//   that yarn.lock resolved from the registry;
// - code: every module that dist/ imports is a declared dependency or peer
//   dependency (or a Node builtin), and nothing imports a src/ path.
//
// Usage: node scripts/check-packed-packages.mjs [--skip-build] [--keep] [--out DIR]
// Exits 1 and lists the problems when any check fails. --out DIR keeps the
// tarballs there; --keep keeps the extracted packages too.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import semver from 'semver';
import { parse as parseYaml } from 'yaml';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? resolve(args[outIndex + 1]) : undefined;
const keep = args.includes('--keep');

/** Published packages: plugins/* with a publishConfig and not private. */
export function publishedPackages() {
  const dir = join(root, 'plugins');
  return readdirSync(dir)
    .map(name => join(dir, name))
    .filter(d => existsSync(join(d, 'package.json')))
    .map(d => ({
      dir: d,
      manifest: JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')),
    }))
    .filter(p => !p.manifest.private && p.manifest.publishConfig);
}

function run(cmd, cmdArgs, cwd) {
  execFileSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** Every `name@npm:range` descriptor that yarn.lock resolved from the registry. */
function lockedDescriptors() {
  const lock = parseYaml(readFileSync(join(root, 'yarn.lock'), 'utf8'));
  const out = new Set();
  for (const key of Object.keys(lock)) {
    if (key === '__metadata') continue;
    for (const d of key.split(', ')) out.add(d.trim());
  }
  return out;
}

/** The package a bare import names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const IMPORT_RE =
  /(?<![\w'"`.])(?:require\(\s*|from\s*|import\s*\(\s*|import\s+)['"]([^'"\n]+)['"]/g;

function importsOf(source) {
  return [...source.matchAll(IMPORT_RE)].map(m => m[1]);
}

const builtins = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));

/** Targets of a package.json `exports` / `typesVersions` value, as paths. */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(exportTargets);
  if (value && typeof value === 'object')
    return Object.entries(value)
      .filter(([key]) => key !== 'backstage') // a role marker, not a path
      .flatMap(([, v]) => exportTargets(v));
  return [];
}

function inspect(pkg, packed, versions, locked) {
  const problems = [];
  const problem = msg => problems.push(msg);
  const files = listFiles(packed).map(f => relative(packed, f));
  const has = p => files.includes(p.replace(/^\.\//, ''));
  const m = JSON.parse(readFileSync(join(packed, 'package.json'), 'utf8'));

  // files list
  const dist = files.filter(f => f.startsWith('dist/'));
  if (!dist.some(f => /\.(c?js|mjs)$/.test(f)))
    problem('no JavaScript in dist/');
  if (!dist.some(f => f.endsWith('.d.ts'))) problem('no type declarations');
  for (const f of files) {
    if (f.startsWith('src/')) problem(`ships source file ${f}`);
    if (/\.test\.[cm]?[jt]sx?$/.test(f)) problem(`ships test file ${f}`);
  }
  const migrations = join(pkg.dir, 'migrations');
  if (existsSync(migrations)) {
    for (const f of readdirSync(migrations)) {
      if (!has(`migrations/${f}`)) problem(`migration ${f} missing`);
    }
  }

  // entry points
  for (const field of ['main', 'module', 'types']) {
    if (m[field] === undefined) continue;
    if (m[field].includes('src/')) problem(`${field} points at ${m[field]}`);
    else if (!has(m[field]))
      problem(`${field} ${m[field]} is not in the tarball`);
  }
  if (!m.main) problem('no main');
  if (!m.types) problem('no types');
  for (const t of [
    ...exportTargets(m.exports),
    ...exportTargets(m.typesVersions),
  ]) {
    if (!has(t))
      problem(`exports/typesVersions target ${t} is not in the tarball`);
  }

  // config schema
  if (existsSync(join(pkg.dir, 'config.d.ts'))) {
    if (!m.configSchema) problem('has config.d.ts but no configSchema');
    else if (!has(m.configSchema))
      problem(`configSchema ${m.configSchema} is not in the tarball`);
    else {
      const schema = JSON.parse(readFileSync(join(packed, m.configSchema)));
      const props = schema.schemas?.[0]?.value?.properties ?? schema.properties;
      if (!props || !Object.keys(props).length)
        problem(`configSchema ${m.configSchema} declares no properties`);
    }
  }

  // Backstage metadata the app/backend discovery relies on
  if (!m.backstage?.role) problem('no backstage.role');
  if (
    ['frontend-plugin', 'backend-plugin', 'backend-plugin-module'].includes(
      m.backstage?.role,
    ) &&
    !m.backstage?.pluginId
  )
    problem('no backstage.pluginId');

  // dependency ranges
  const declared = new Set([m.name]);
  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const [name, range] of Object.entries(m[field] ?? {})) {
      declared.add(name);
      if (/^(workspace|link|file|portal|patch):/.test(range)) {
        problem(`${field}.${name} is a workspace-only range (${range})`);
      } else if (!semver.validRange(range)) {
        problem(`${field}.${name}: ${range} is not a semver range`);
      } else if (versions.has(name)) {
        if (!semver.satisfies(versions.get(name), range))
          problem(
            `${field}.${name}@${range} is not satisfied by the packed ${versions.get(
              name,
            )}`,
          );
      } else if (
        field !== 'peerDependencies' &&
        !locked.has(`${name}@npm:${range}`)
      ) {
        problem(
          `${field}.${name}@${range} was never resolved from the registry (not in yarn.lock)`,
        );
      }
    }
  }
  if (Object.keys(m).some(k => k === 'workspaces')) problem('has workspaces');

  // imports of the shipped code
  for (const f of dist) {
    if (!/\.(c?js|mjs|d\.ts)$/.test(f)) continue;
    const isTypes = f.endsWith('.d.ts');
    for (const spec of importsOf(readFileSync(join(packed, f), 'utf8'))) {
      if (spec.startsWith('.')) {
        if (/(^|\/)src\//.test(spec)) problem(`${f} imports ${spec}`);
        continue;
      }
      if (builtins.has(spec) || builtins.has(packageOf(spec))) continue;
      const name = packageOf(spec);
      if (/\/src(\/|$)/.test(spec.slice(name.length)))
        problem(`${f} imports source path ${spec}`);
      const typesName = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
      if (declared.has(name) || (isTypes && declared.has(typesName))) continue;
      problem(`${f} imports ${name}, which is not a dependency`);
    }
  }
  return { manifest: m, files, problems };
}

function main() {
  const packages = publishedPackages();
  const versions = new Map(
    packages.map(p => [p.manifest.name, p.manifest.version]),
  );
  const locked = lockedDescriptors();
  const work = mkdtempSync(join(tmpdir(), 'gradual-pack-'));
  const tarballs = outDir ?? join(work, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  if (!skipBuild) {
    console.log('[pack] yarn tsc (type declarations for the builds)');
    try {
      run('yarn', ['tsc'], root);
    } catch {
      // Type errors are the type-check step's to report; tsc still emits the
      // declarations, and a package build fails when its own are missing.
      console.log('[pack] yarn tsc reported errors; packing what it emitted');
    }
  }
  let failed = 0;
  for (const pkg of packages) {
    const { name } = pkg.manifest;
    if (!skipBuild) {
      console.log(`[pack] ${name}: backstage-cli package build`);
      run('yarn', ['backstage-cli', 'package', 'build'], pkg.dir);
    }
    const file = join(
      tarballs,
      `${name.replace('@', '').replace('/', '-')}-${pkg.manifest.version}.tgz`,
    );
    run('yarn', ['pack', '--out', file], pkg.dir);
    const extracted = join(work, name.replace('/', '+'));
    mkdirSync(extracted, { recursive: true });
    run('tar', ['-xzf', file, '-C', extracted], root);
    const result = inspect(pkg, join(extracted, 'package'), versions, locked);
    const dist = result.files.filter(f => f.startsWith('dist/')).length;
    if (result.problems.length) {
      failed++;
      console.log(`[pack] ✗ ${name}: ${result.problems.length} problem(s)`);
      for (const p of result.problems) console.log(`    - ${p}`);
    } else {
      console.log(
        `[pack] ✓ ${name}: ${result.files.length} files (${dist} in dist/), ${
          Object.keys(result.manifest.dependencies ?? {}).length
        } dependencies resolvable, ${file}`,
      );
    }
  }
  if (keep) console.log(`[pack] kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(
    `[pack] ${packages.length - failed} of ${
      packages.length
    } packages pack cleanly`,
  );
  process.exit(failed ? 1 : 0);
}

main();
