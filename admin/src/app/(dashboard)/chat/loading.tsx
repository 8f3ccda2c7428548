import { PageSkeleton } from '@/components/dashboard/page-skeleton';

export default function Loading() {
  return <PageSkeleton title="Chat" kpis={4} charts={4} />;
}
