import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageError } from '@/components/dashboard/page-error';
import { PageHeader } from '@/components/dashboard/page-header';
import { PrintButton } from '@/components/privacy/print-button';
import { Receipt } from '@/components/privacy/receipt';
import { Card, CardContent } from '@/components/ui/card';
import { ApiError, describeApiError } from '@/lib/api';
import { receiptEntry } from '@/lib/server/privacy-audit';
import { requirePage } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Privacy receipt' };

/** /privacy/receipts/<audit id>: the printable receipt of one export or erasure. */
export default async function ReceiptPage({ params }: { params: Promise<{ auditId: string }> }) {
  await requirePage('privacy_officer');
  let entry;
  try {
    entry = await receiptEntry((await params).auditId);
  } catch (err) {
    if (err instanceof ApiError) return <PageError message={describeApiError(err)} />;
    throw err;
  }
  // The layout has answered 404 already; this only narrows the type.
  if (!entry) notFound();
  return (
    <>
      <PageHeader
        title={entry.action === 'export' ? 'Export receipt' : 'Erasure receipt'}
        description="CBC Analytics: a data-subject request and what came of it, from the append-only privacy audit log."
      />
      <div className="flex flex-wrap items-center gap-3" data-print="hide">
        <PrintButton />
        <Link href="/privacy" className="text-sm underline underline-offset-2">
          Back to the privacy console
        </Link>
      </div>
      <Card className="print:border-0 print:shadow-none">
        <CardContent>
          <Receipt entry={entry} />
        </CardContent>
      </Card>
    </>
  );
}
