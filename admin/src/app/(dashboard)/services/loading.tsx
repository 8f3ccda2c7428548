import { PageSkeleton } from '@/components/dashboard/page-skeleton';

export default function Loading() {
  return <PageSkeleton title="Services" kpis={6} charts={4} />;
}
