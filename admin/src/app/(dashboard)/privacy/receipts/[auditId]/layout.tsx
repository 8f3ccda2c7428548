import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { ApiError } from '@/lib/api';
import { receiptEntry } from '@/lib/server/privacy-audit';

/**
 * Outside the page's Suspense boundary (its loading.tsx), so an unknown receipt is a real 404:
 * once a boundary has streamed, notFound() can only render the page, not set the status. The
 * page reads the same entry again from the request's cache.
 */
export default async function ReceiptLayout({ children, params }: { children: ReactNode; params: Promise<{ auditId: string }> }) {
  const { auditId } = await params;
  try {
    if (!(await receiptEntry(auditId))) notFound();
  } catch (err) {
    // An outage is the page's to explain (it shows the API's message in place).
    if (!(err instanceof ApiError)) throw err;
  }
  return children;
}
