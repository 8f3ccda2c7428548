import { describe, expect, it } from 'vitest';
import { actorLabel, auditCsv, auditSummary, parseAuditFilter, type AuditRow } from '@/lib/shape/audit';
import { parseCsv } from '@/lib/shape/csv';

const STAFF = '3f2a1c9e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
const entry = (over: Partial<AuditRow> = {}): AuditRow => ({
  audit_id: 7,
  at: '2026-12-01T10:00:00.000Z',
  actor: 'admin',
  actor_staff_id: STAFF,
  staff_email: 'officer@cbc.test',
  action: 'export',
  subject_hash: 'ab'.repeat(32),
  result: 'success',
  details: { export_id: '11111111-2222-3333-4444-555555555555', manifest: [{ source: 'raw.events', count: 0 }] },
  ...over,
});

describe('actorLabel', () => {
  it('says "staff member (via key)", keeps the id of a deleted account, and is the key alone without a staff member', () => {
    expect(actorLabel(entry())).toBe('officer@cbc.test (via admin)');
    expect(actorLabel(entry({ staff_email: null }))).toBe('staff 3f2a1c9e… (via admin)');
    expect(actorLabel(entry({ actor_staff_id: null, staff_email: null, actor: 'replay-ledger' }))).toBe('replay-ledger');
  });
});

describe('auditSummary', () => {
  it('says "nothing held" for an export of an unknown guest', () => {
    expect(auditSummary(entry())).toBe('export 11111111 · nothing held');
    expect(auditSummary(entry({ details: { export_id: 'abcdefgh-x', manifest: [{ source: 'raw.events', count: 3 }] } }))).toBe('export abcdefgh · 3 rows');
    expect(auditSummary(entry({ details: { export_id: 'abcdefgh-x', manifest: [{ source: 'raw.consent_records', count: 1 }] } }))).toBe('export abcdefgh · 1 row');
  });
});

describe('auditCsv', () => {
  it('has one row an entry with staff id and email, and round-trips', () => {
    const rows = parseCsv(auditCsv([entry(), entry({ audit_id: 6, actor_staff_id: null, staff_email: null, actor: '=cmd' })]));
    expect(rows[0]).toEqual(['audit_id', 'at', 'action', 'result', 'subject_hash', 'actor_key', 'staff_id', 'staff_email', 'summary']);
    expect(rows[1]).toEqual(['7', '2026-12-01T10:00:00.000Z', 'export', 'success', 'ab'.repeat(32), 'admin', STAFF, 'officer@cbc.test', 'export 11111111 · nothing held']);
    // A key name that looks like a formula is defused for spreadsheets.
    expect(rows[2]![5]).toBe("'=cmd");
    expect(rows[2]![6]).toBe('');
  });
});

describe('parseAuditFilter', () => {
  it('turns inclusive UTC days into [from, to) instants, and empty fields into no filter', () => {
    expect(parseAuditFilter({ guest_id: ' g-1 ', from_day: '2026-12-01', to_day: '2026-12-01' })).toEqual({
      ok: true,
      filter: { guestId: 'g-1', from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' },
    });
    expect(parseAuditFilter({ guest_id: '', from_day: '', to_day: '' })).toEqual({ ok: true, filter: {} });
    expect(parseAuditFilter(null)).toEqual({ ok: true, filter: {} });
  });
  it.each([
    [{ guest_id: 'has space' }, /guest id/],
    [{ from_day: '2026-02-30' }, /"from" date/],
    [{ to_day: '01/12/2026' }, /"to" date/],
    [{ from_day: '2026-12-02', to_day: '2026-12-01' }, /after/],
  ])('refuses %j', (body, message) => {
    const r = parseAuditFilter(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});
