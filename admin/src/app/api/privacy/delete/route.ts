import type { NextRequest } from 'next/server';
import { privacyDelete } from '@/lib/api';
import { privacyRequest } from '@/lib/server/privacy-request';

/** POST {guest_id} → erasure receipt (GDPR Art. 17). Idempotent on the API side. */
export async function POST(req: NextRequest) {
  return privacyRequest(req, 'delete', async (guestId, staffId) => {
    const receipt = await privacyDelete(guestId, staffId);
    return { id: receipt.receipt_id, body: receipt };
  });
}
