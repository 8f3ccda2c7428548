import { PageSkeleton } from '@/components/dashboard/page-skeleton';

export default function Loading() {
  return <PageSkeleton title="Engagement" kpis={2} charts={2} />;
}
