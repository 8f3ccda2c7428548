#!/usr/bin/env node
// Bundles one deployable's entry point into dist/ with esbuild. Workspace packages (@cbc/*) are
// TypeScript sources and get bundled in; every other dependency stays external and is installed
// in the image from the lockfile (`npm ci --omit=dev`), so native and dynamic requires keep working.
// Usage (from a workspace): node ../../deploy/bundle.mjs src/server.ts [src/other.ts ...]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const entries = process.argv.slice(2);
if (entries.length === 0) {
  console.error('usage: bundle.mjs <entry.ts> [...]');
  process.exit(2);
}
const root = new URL('..', import.meta.url).pathname;
const external = new Set();
for (const pkgFile of ['package.json', ...readdirWorkspaces().map((w) => join(w, 'package.json'))]) {
  const pkg = JSON.parse(readFileSync(join(root, pkgFile), 'utf8'));
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
    if (!dep.startsWith('@cbc/')) external.add(dep);
  }
}

function readdirWorkspaces() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
}

// BUNDLE_OUTDIR: elsewhere than dist/, with esbuild's metafile beside the bundle (the deploy tests
// read it to check that every package the bundle imports at run time is installed in the image).
const outdir = process.env.BUNDLE_OUTDIR || 'dist';
const result = await build({
  entryPoints: entries,
  outdir,
  metafile: Boolean(process.env.BUNDLE_OUTDIR),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  // Packages resolve by name at run time, and their subpaths too (typebox/compile, pg/lib/...).
  external: [...external].flatMap((d) => [d, `${d}/*`]),
  // ESM output still meets CommonJS dependencies that call require(): give them one.
  banner: { js: "import { createRequire as __cbcRequire } from 'node:module'; const require = __cbcRequire(import.meta.url);" },
  logLevel: 'warning',
});
if (result.metafile) writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
console.log(`bundled ${entries.join(', ')} → ${outdir}/`);
