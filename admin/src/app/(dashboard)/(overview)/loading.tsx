import { PageSkeleton } from '@/components/dashboard/page-skeleton';

export default function Loading() {
  return <PageSkeleton title="Overview" kpis={6} charts={2} />;
}
