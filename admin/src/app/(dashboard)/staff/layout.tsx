import type { ReactNode } from 'react';
import { requirePage } from '@/lib/server/session';

// Outside the page's Suspense boundary, so anyone but an admin gets a real 403.
export default async function StaffLayout({ children }: { children: ReactNode }) {
  await requirePage('admin');
  return children;
}
