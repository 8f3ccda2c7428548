import { PageSkeleton } from '@/components/dashboard/page-skeleton';

export default function Loading() {
  return <PageSkeleton title="Privacy receipt" kpis={0} charts={1} />;
}
