// Every object the chart renders, for every values file under ci/, validates against the
// schema of its kind (kubernetes-models, and @kubernetes-models/prometheus-operator for the
// CRs). A kind with no registered model fails: add it to models.ts on purpose.
import { describe, expect, it } from 'vitest';
import { CI_VALUES, render } from './helm.js';
import { validateObject } from './models.js';

describe.each(CI_VALUES)('objects rendered with ci/%s', (file) => {
  const objects = render(file);

  it('are many, with unique kind/name pairs', () => {
    expect(objects.length).toBeGreaterThan(10);
    const ids = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.each(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o] as const))('%s validates', (_id, obj) => {
    expect(() => validateObject(obj)).not.toThrow();
  });

  it('names fit Kubernetes limits (63; CronJobs 52)', () => {
    const tooLong = objects.filter((o) => o.metadata.name.length > (o.kind === 'CronJob' ? 52 : 63));
    expect(tooLong.map((o) => o.metadata.name)).toEqual([]);
  });
});
