import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startApp, type TestApp } from '../support/app';
import { planNodes } from '../support/plan';

// The FAQ deflection check (dbt/models/intermediate/int_faq_views_followed.sql) asks, for every
// FAQ view, whether the same guest escalated within 30 minutes after it. From an index on guest
// alone each check reads every event the guest ever had (from one on time alone, every guest's
// events in those 30 minutes): both grow with the history. It needs one index range per
// partition on guest *and* time (packages/db/migrations/0015_events_guest_time_index.sql).
let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t.close();
});

const MODEL = new URL('../../../../dbt/models/intermediate/int_faq_views_followed.sql', import.meta.url);

/** The model's correlated check, on raw.events as dbt's staging view passes it through. */
const CHECK = `
  SELECT v.event_id, EXISTS (
    SELECT 1 FROM raw.events e
    WHERE e.guest_id IS NOT NULL
      AND ((e.event_type = 'chat_session_ended' AND e.properties ->> 'outcome' = 'handoff')
        OR (e.event_type = 'service_request' AND e.properties ->> 'status' = 'created'))
      AND e.guest_id = v.guest_id
      AND e.occurred_at >= v.occurred_at
      AND e.occurred_at <= v.occurred_at + interval '30 minutes'
  )
  FROM raw.events v
  WHERE v.event_type = 'faq_view' AND v.guest_id IS NOT NULL`;

describe('the escalation check behind FAQ deflection', () => {
  it('is still the correlated guest-and-window check this test plans', () => {
    // If the model changes shape, this test must change with it.
    const model = readFileSync(MODEL, 'utf8');
    expect(model).toContain('e.guest_id = v.guest_id');
    expect(model).toMatch(/e\.occurred_at >= v\.occurred_at\s+and e\.occurred_at <= v\.occurred_at \+ interval/);
  });

  it('reads one guest-and-time index range per partition, never a time range of every guest', async () => {
    const nodes = await planNodes(t.admin, CHECK);
    // The correlated side: every scan that compares a row's time with the FAQ view's.
    const window = nodes.filter((n) => /occurred_at >= v/.test(`${String(n['Index Cond'] ?? '')} ${String(n['Filter'] ?? '')}`));
    expect(window.length).toBeGreaterThan(0);
    // Each reads the window from the index, with the guest in the same condition; a time
    // condition left in the filter (or a guest left out of the index condition) reads more.
    const unbounded = window.filter((n) => !(/guest_id = /.test(String(n['Index Cond'] ?? '')) && /occurred_at >= /.test(String(n['Index Cond'] ?? ''))));
    expect(unbounded.map((n) => `${String(n['Index Name'] ?? n['Relation Name'])}: ${String(n['Index Cond'] ?? 'no index condition')}`)).toEqual([]);
  });
});
