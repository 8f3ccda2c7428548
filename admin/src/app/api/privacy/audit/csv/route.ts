import type { NextRequest } from 'next/server';
import { AUDIT_CSV_MAX } from '@/lib/server/privacy-audit';
import { auditRequest } from '@/lib/server/privacy-request';
import { auditCsv } from '@/lib/shape/audit';

/** POST {guest_id?, from_day?, to_day?} → the same entries as CSV (up to AUDIT_CSV_MAX), rebuilt from the API. */
export async function POST(req: NextRequest) {
  return auditRequest(req, AUDIT_CSV_MAX, (rows) => {
    const name = `cbc-privacy-audit-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(auditCsv(rows), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
    });
  });
}
