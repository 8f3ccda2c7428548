import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, exampleEvent } from '@cbc/contract';
import { auth, startApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t.close());

describe('POST /ingest/event', () => {
  it.each(EVENT_TYPES)('stores a valid %s event and acknowledges it', async (type) => {
    const event = exampleEvent(type);
    const res = await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: event });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ event_id: event.event_id, status: 'accepted' });
    const table = type === 'consent_updated' ? 'raw.consent_records' : 'raw.events';
    const rows = await t.rows(`SELECT * FROM ${table} WHERE event_id = $1`, [event.event_id]);
    expect(rows).toHaveLength(1);
  });
});
