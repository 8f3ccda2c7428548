import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The analytics bench keeps each loaded database as a template in its cached cluster, named by
 * everything the loaded rows depend on: the load's options and the sources that turn options into
 * rows. A change to any of them names another template, so a stale load is never reused.
 */

/** Bump when the bench's load changes what it stores in a way no hashed file shows. */
export const LOADER_VERSION = 1;

/** What a loaded database's rows depend on besides the options (paths from the repository root). */
export const LOADER_SOURCES = [
  'packages/db/migrations',
  'packages/db/src',
  'packages/privacy/src',
  'packages/contract/src',
  'services/jobs/src/seed',
  'services/jobs/src/commands/seed.ts',
  'services/jobs/bench/bulk-seed.ts',
];

/** sha256 over the relative path and contents of every file under `paths`, in a stable order. */
export function treeHash(root: string, paths: readonly string[]): string {
  const h = createHash('sha256');
  const walk = (rel: string) => {
    const abs = join(root, rel);
    if (statSync(abs).isDirectory()) for (const f of readdirSync(abs).sort()) walk(join(rel, f));
    else h.update(`${rel}\0`).update(readFileSync(abs)).update('\0');
  };
  // Named from the root, with its leading slash ("/packages/db/…").
  for (const p of paths) walk(`/${p}`);
  return h.digest('hex');
}

export interface LoadKey {
  scale: number;
  seed: number;
  days: number;
  /** The end of the loaded window (ms). */
  end: number;
  /** received_at set to occurred_at + 1 s after the load. */
  realisticReceivedAt: boolean;
  /** treeHash of LOADER_SOURCES. */
  sources: string;
}

/** The cached template's database name for a load with this key. */
export function cacheName(k: LoadKey): string {
  const { scale, seed, days, end, realisticReceivedAt, sources } = k;
  const key = JSON.stringify({ scale, seed, days, end: new Date(end).toISOString(), realisticReceivedAt, loader: LOADER_VERSION, sources });
  return `cache_${createHash('sha256').update(key).digest('hex').slice(0, 20)}`;
}
