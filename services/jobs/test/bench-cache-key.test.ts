import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheName, treeHash, type LoadKey } from '../bench/cache-key';

const root = mkdtempSync(join(tmpdir(), 'cbc-cache-key-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bench cache key: a stale load is never reused', () => {
  const base: LoadKey = { scale: 1_000_000, seed: 42, days: 90, end: Date.parse('2026-12-04T00:00:00Z'), realisticReceivedAt: true, sources: 'a'.repeat(64) };

  it('names the same load the same way, and another load another way, option by option', () => {
    expect(cacheName({ ...base })).toBe(cacheName(base));
    expect(cacheName(base)).toMatch(/^cache_[0-9a-f]{20}$/);
    const variants: LoadKey[] = [
      { ...base, scale: 10_000_000 },
      { ...base, seed: 43 },
      { ...base, days: 91 },
      { ...base, end: base.end + 86_400_000 },
      { ...base, realisticReceivedAt: false },
      { ...base, sources: 'b'.repeat(64) },
    ];
    const names = new Set([base, ...variants].map(cacheName));
    expect(names.size).toBe(variants.length + 1);
  });

  it('hashes the contents and names of every file under the sources', () => {
    mkdirSync(join(root, 'src', 'seed'), { recursive: true });
    writeFileSync(join(root, 'src', 'seed', 'plan.ts'), 'export const A = 1;\n');
    writeFileSync(join(root, 'one.sql'), 'SELECT 1;\n');
    const paths = ['src', 'one.sql'];
    const first = treeHash(root, paths);
    expect(treeHash(root, paths)).toBe(first);
    writeFileSync(join(root, 'src', 'seed', 'plan.ts'), 'export const A = 2;\n');
    const edited = treeHash(root, paths);
    expect(edited).not.toBe(first);
    writeFileSync(join(root, 'src', 'seed', 'extra.ts'), '');
    expect(treeHash(root, paths)).not.toBe(edited);
  });
});
