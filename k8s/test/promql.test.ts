// The metric-name extractor decides what the catalogue check sees, so it is tested on the
// constructs the rules and dashboards use and on the traps around them.
import { describe, expect, it } from 'vitest';
import { metricNames, substituteGrafanaVariables } from './promql.js';

describe('metricNames', () => {
  it.each([
    ['plain selector', 'up', ['up']],
    ['matchers, ranges and aggregation labels', 'sum by (namespace, job) (rate(http_requests_total{job=~".*ingest.*", status_code=~"5.."}[5m]))', ['http_requests_total']],
    ['aggregation labels after the call', 'sum(rate(a_total[5m])) without (pod)', ['a_total']],
    ['vector matching and group_left labels', 'max by (pod) (x) / on (namespace, pod) group_left(name) max by (pod) (y{name="max_connections"}) > bool 0.8', ['x', 'y']],
    ['strings that look like metrics', 'label_replace(z, "pod", "$1", "persistentvolumeclaim", "(.+?)(-wal|-tbs-.+)?")', ['z']],
    ['histogram quantile', 'histogram_quantile(0.99, sum by (le) (rate(m_bucket{le!="+Inf"}[$__rate_interval])))', ['m_bucket']],
    ['recording rule names, offset and numbers', 'time() - ns:rec:max{a="b"} offset 1h30m > 3 * 3600 or vector(0)', ['ns:rec:max']],
    ['subquery and absent', 'absent(up{job=~".*"}) unless sum without (pod) (rate(a[1h:5m]))', ['up', 'a']],
    ['digits inside names, exponents', 'nodejs_eventloop_lag_p99_seconds > 1e-1 and p99_x < 2.5e+3', ['nodejs_eventloop_lag_p99_seconds', 'p99_x']],
    ['__name__ matcher', '{__name__="foo_total", job="x"}', ['foo_total']],
    ['multi-line with comment', 'a\n# b is not used\n/ c', ['a', 'c']],
  ])('%s', (_label, expr, expected) => {
    expect(metricNames(expr).sort()).toEqual([...expected].sort());
  });

  it('refuses a __name__ regex it cannot check', () => {
    expect(() => metricNames('{__name__=~"foo.*"}')).toThrow(/__name__/);
  });
});

describe('substituteGrafanaVariables', () => {
  it('replaces Grafana variables and leaves PromQL capture groups alone', () => {
    expect(substituteGrafanaVariables('label_replace(rate(x{namespace="$namespace"}[$__rate_interval]), "a", "$1", "b", "(.*)") and y[${__interval}]'))
      .toBe('label_replace(rate(x{namespace="cbc"}[5m]), "a", "$1", "b", "(.*)") and y[1m]');
  });

  it('fails on a variable no dashboard defines', () => {
    expect(() => substituteGrafanaVariables('x{pod="$pod"}')).toThrow(/\$pod/);
  });
});
