import type { Metadata } from 'next';
import { listStaff } from '@cbc/staff';
import { PageHeader } from '@/components/dashboard/page-header';
import { CreateStaffForm } from '@/components/staff/create-staff-form';
import { StaffTable } from '@/components/staff/staff-table';
import { requirePage } from '@/lib/server/session';
import { withStaffDb } from '@/lib/server/staff-db';

export const metadata: Metadata = { title: 'Staff' };

export default async function StaffPage() {
  const session = await requirePage('admin');
  const accounts = await withStaffDb((db) => listStaff(db));
  return (
    <>
      <PageHeader
        title="Staff"
        description="Who may open the dashboard, and with which role. Viewer: analytics pages. Operator: plus Operations. Privacy officer: plus Privacy. Admin: plus this page."
      />
      <CreateStaffForm csrf={session.csrf} />
      <StaffTable accounts={accounts} csrf={session.csrf} selfId={session.staffId} />
    </>
  );
}
