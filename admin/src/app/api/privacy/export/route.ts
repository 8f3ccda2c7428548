import type { NextRequest } from 'next/server';
import { privacyExport } from '@/lib/api';
import { privacyRequest } from '@/lib/server/privacy-request';

/** POST {guest_id} → the export bundle (GDPR Art. 15/20), for the privacy console. */
export async function POST(req: NextRequest) {
  return privacyRequest(req, 'export', async (guestId, staffId) => {
    const bundle = await privacyExport(guestId, staffId);
    return { id: bundle.export_id, body: bundle };
  });
}
