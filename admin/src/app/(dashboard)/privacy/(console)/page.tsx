import type { Metadata } from 'next';
import { ShieldAlert } from 'lucide-react';
import { PageHeader } from '@/components/dashboard/page-header';
import { PrivacyDesk } from '@/components/privacy/privacy-desk';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { privacyConfigured } from '@/lib/api';
import { loadAudit } from '@/lib/server/privacy-audit';
import { requirePage } from '@/lib/server/session';
import { settle } from '@/lib/settle';

export const metadata: Metadata = { title: 'Privacy' };

export default async function PrivacyPage() {
  const session = await requirePage('privacy_officer');
  const header = (
    <PageHeader
      title="Privacy"
      description="Data-subject requests: export everything held about a guest (GDPR Art. 15/20) or erase it (Art. 17). Every request is written to the append-only audit log, under your name."
    />
  );
  if (!privacyConfigured()) {
    return (
      <>
        {header}
        <Alert variant="warning">
          <ShieldAlert aria-hidden />
          <AlertTitle>No privacy key configured</AlertTitle>
          <AlertDescription>
            <p>Set PRIVACY_API_KEYS for the dashboard to submit requests.</p>
          </AlertDescription>
        </Alert>
      </>
    );
  }
  const audit = await settle(loadAudit({}));
  return (
    <>
      {header}
      <PrivacyDesk csrf={session.csrf} initial={audit.ok ? audit.value : []} initialError={audit.ok ? null : audit.message} />
    </>
  );
}
