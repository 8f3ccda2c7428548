import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ID_HEADER } from '@cbc/contract';
import { subjectHash } from '@cbc/db';
import { LEDGER_KEY, PRIVACY_KEY, startApp, type TestApp } from '../support/app';

// The dashboard's key (the id PRIVACY_STAFF_KEY_IDS names) beside another privacy key.
const DASHBOARD_KEY = 'dashboard-privacy-0123456789abcdef';
const dashboard = { authorization: `Bearer ${DASHBOARD_KEY}` };
const officer = { authorization: `Bearer ${PRIVACY_KEY}` };

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ PRIVACY_API_KEYS: `officer:${PRIVACY_KEY},admin-ui:${DASHBOARD_KEY}`, PRIVACY_STAFF_KEY_IDS: 'admin-ui' });
});
afterAll(async () => t.close());

const post = (url: string, payload: object, headers: Record<string, string>) => t.app.inject({ method: 'POST', url, headers, payload });
const auditRows = () => t.rows<{ actor: string; actor_staff_id: string | null; action: string }>('SELECT actor, actor_staff_id, action FROM privacy.audit_log ORDER BY audit_id');

describe('the staff member behind a dashboard request', () => {
  it('is stored beside the key name and listed by the audit endpoints', async () => {
    const staff = randomUUID();
    const res = await post('/privacy/export', { guest_id: 'guest-staff-1' }, { ...dashboard, [STAFF_ID_HEADER]: staff });
    expect(res.statusCode).toBe(200);
    const rows = await t.rows('SELECT actor, actor_staff_id::text AS staff FROM privacy.audit_log WHERE subject_hash = $1', [subjectHash(LEDGER_KEY, 'guest-staff-1')]);
    expect(rows).toEqual([{ actor: 'admin-ui', staff }]);

    const list = await t.app.inject({ method: 'GET', url: '/privacy/audit?limit=1', headers: dashboard });
    expect(list.json().entries[0]).toMatchObject({ actor: 'admin-ui', actor_staff_id: staff, action: 'export' });

    const erased = await post('/privacy/delete', { guest_id: 'guest-staff-1' }, { ...dashboard, [STAFF_ID_HEADER]: staff });
    expect(erased.statusCode).toBe(200);
    const last = (await auditRows()).at(-1);
    expect(last).toEqual({ actor: 'admin-ui', actor_staff_id: staff, action: 'delete' });
  });

  it('is null when the dashboard key sends no staff id, and for other keys', async () => {
    await post('/privacy/export', { guest_id: 'guest-staff-2' }, dashboard);
    await post('/privacy/export', { guest_id: 'guest-staff-2' }, officer);
    const rows = await t.rows('SELECT actor, actor_staff_id FROM privacy.audit_log WHERE subject_hash = $1 ORDER BY audit_id', [subjectHash(LEDGER_KEY, 'guest-staff-2')]);
    expect(rows).toEqual([
      { actor: 'admin-ui', actor_staff_id: null },
      { actor: 'officer', actor_staff_id: null },
    ]);
  });

  it.each(['not-a-uuid', `${randomUUID()}x`, "1' OR '1'='1", ''])('refuses a malformed staff id %j with a 400 envelope and audits nothing', async (bad) => {
    const before = (await auditRows()).length;
    for (const url of ['/privacy/export', '/privacy/delete']) {
      const res = await post(url, { guest_id: 'guest-staff-3' }, { ...dashboard, [STAFF_ID_HEADER]: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_request', details: [expect.objectContaining({ path: expect.stringContaining(STAFF_ID_HEADER) })] } });
    }
    expect((await auditRows()).length).toBe(before);
  });

  it('refuses the header from a key that is not the dashboard’s (403), before anything runs', async () => {
    const before = await auditRows();
    const res = await post('/privacy/delete', { guest_id: 'guest-staff-4' }, { ...officer, [STAFF_ID_HEADER]: randomUUID() });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining(STAFF_ID_HEADER) } });
    expect(await auditRows()).toEqual(before);
  });

  it('is refused from every key when no key is named a staff key', async () => {
    const other = await startApp({ PRIVACY_API_KEYS: `admin-ui:${DASHBOARD_KEY}`, PRIVACY_STAFF_KEY_IDS: '' });
    try {
      const res = await other.app.inject({ method: 'POST', url: '/privacy/export', headers: { ...dashboard, [STAFF_ID_HEADER]: randomUUID() }, payload: { guest_id: 'g' } });
      expect(res.statusCode).toBe(403);
    } finally {
      await other.close();
    }
  });
});

describe('POST /privacy/audit/search', () => {
  it('filters by guest (through its keyed hash) and by time, and never echoes or logs the guest id', async () => {
    const guest = 'guest-search-Zq81';
    const staff = randomUUID();
    await post('/privacy/export', { guest_id: guest }, { ...dashboard, [STAFF_ID_HEADER]: staff });
    await post('/privacy/export', { guest_id: 'guest-search-other' }, dashboard);
    await post('/privacy/delete', { guest_id: guest }, { ...dashboard, [STAFF_ID_HEADER]: staff });

    const res = await post('/privacy/audit/search', { guest_id: guest }, dashboard);
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as { action: string; subject_hash: string; actor_staff_id: string }[];
    expect(entries.map((e) => e.action)).toEqual(['delete', 'export']);
    expect(new Set(entries.map((e) => e.subject_hash))).toEqual(new Set([subjectHash(LEDGER_KEY, guest)]));
    expect(entries.every((e) => e.actor_staff_id === staff)).toBe(true);
    expect(res.body).not.toContain(guest);
    expect(t.logs.join('')).not.toContain(guest);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await post('/privacy/audit/search', { guest_id: guest, from: future }, dashboard)).json().entries).toEqual([]);
    expect((await post('/privacy/audit/search', { guest_id: guest, to: future }, dashboard)).json().entries).toHaveLength(2);
    const all = (await post('/privacy/audit/search', { limit: 500 }, dashboard)).json().entries as unknown[];
    expect(all.length).toBe((await auditRows()).length);
  });

  it.each([{ from: 'yesterday' }, { guest_id: 'has space' }, { limit: 0 }, { extra: 1 }])('refuses %j with a 400 envelope', async (body) => {
    const res = await post('/privacy/audit/search', body, dashboard);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
  });
});

describe('GET /privacy/audit/:audit_id', () => {
  it('returns one entry, and 404 for an unknown id', async () => {
    await post('/privacy/export', { guest_id: 'guest-one' }, dashboard);
    const [latest] = (await t.app.inject({ method: 'GET', url: '/privacy/audit?limit=1', headers: dashboard })).json().entries;
    const one = await t.app.inject({ method: 'GET', url: `/privacy/audit/${latest.audit_id}`, headers: dashboard });
    expect(one.json()).toEqual(latest);
    const missing = await t.app.inject({ method: 'GET', url: '/privacy/audit/999999', headers: dashboard });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
  });
});
