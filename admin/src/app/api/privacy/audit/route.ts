import type { NextRequest } from 'next/server';
import { AUDIT_PAGE } from '@/lib/server/privacy-audit';
import { auditRequest } from '@/lib/server/privacy-request';

/** POST {guest_id?, from_day?, to_day?} → the matching audit entries, newest first, with staff names. */
export async function POST(req: NextRequest) {
  return auditRequest(req, AUDIT_PAGE, (entries) => Response.json({ entries }, { headers: { 'cache-control': 'no-store' } }));
}
