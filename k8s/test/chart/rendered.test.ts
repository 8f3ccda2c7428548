// k8s/rendered/cbc-analytics.yaml shows reviewers what the default install creates; it must be
// what the chart renders now.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helmBinary, REPO_DIR } from './helm.js';

describe('k8s/rendered/cbc-analytics.yaml', () => {
  it('is up to date', () => {
    helmBinary(); // a missing helm fails here, with how to install it
    // The script owns the helm command line; --stdout renders without writing anything.
    const r = spawnSync('bash', [join(REPO_DIR, 'scripts/render-k8s.sh'), '--stdout'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    const committed = readFileSync(join(REPO_DIR, 'k8s/rendered/cbc-analytics.yaml'), 'utf8');
    expect(r.stdout === committed, 'k8s/rendered/cbc-analytics.yaml is stale: run `make k8s-render` (scripts/render-k8s.sh)').toBe(true);
  });
});
