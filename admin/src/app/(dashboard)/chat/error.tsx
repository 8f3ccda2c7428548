'use client';

import { SegmentError } from '@/components/dashboard/segment-error';

export default function Error({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="Chat" error={error} reset={reset} />;
}
