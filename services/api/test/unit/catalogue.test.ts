import { describe, expect, it } from 'vitest';
import { METRIC_FILTERS, METRIC_SEGMENTS, METRIC_VALUES } from '@cbc/contract';
import { METRICS, METRIC_TYPES } from '../../src/analytics/catalogue';

// The contract names each metric's values and segments (the dashboard and generated clients are
// typed from them); the catalogue computes them. They must say the same thing.
describe.each(METRIC_TYPES.filter((t) => t !== 'realtime'))('%s', (type) => {
  const def = METRICS[type];

  it('computes exactly the values the contract names', () => {
    const measures = [...(def.query?.measures ?? [])];
    const zeros = Object.fromEntries(measures.map((m) => [m, 0]));
    expect([...measures, ...Object.keys(def.derive(zeros))]).toEqual([...METRIC_VALUES[type]]);
  });

  it('accepts exactly the segments the contract lists', () => {
    expect([...def.segments]).toEqual([...METRIC_SEGMENTS[type]]);
  });
});

it('realtime has no segments', () => {
  expect([...METRICS.realtime.segments]).toEqual([...METRIC_SEGMENTS.realtime]);
});

// Which filters a metric honours is the contract's word too: its query binds exactly those.
describe.each(METRIC_TYPES)('%s filters', (type) => {
  it('honours exactly the filters the contract lists', () => {
    expect([...METRICS[type].filters]).toEqual([...METRIC_FILTERS[type]]);
  });
});
