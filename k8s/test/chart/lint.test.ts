// helm lint --strict with every values file under charts/cbc-analytics/ci/.
import { describe, expect, it } from 'vitest';
import { CHART_DIR, CI_DIR, CI_VALUES, helm, KUBE_VERSION } from './helm.js';

describe.each(CI_VALUES)('helm lint --strict -f ci/%s', (file) => {
  it('passes', () => {
    const r = helm(['lint', '--strict', CHART_DIR, '--kube-version', KUBE_VERSION, '-f', `${CI_DIR}/${file}`]);
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });
});
