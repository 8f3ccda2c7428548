import type { ReactNode } from 'react';
import { requirePage } from '@/lib/server/session';

// Outside the page's Suspense boundary, so a viewer opening the URL gets a real 403.
export default async function OperationsLayout({ children }: { children: ReactNode }) {
  await requirePage('operator');
  return children;
}
