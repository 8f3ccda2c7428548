import type { ReactNode } from 'react';
import { requirePage } from '@/lib/server/session';

// Outside the page's Suspense boundary, so anyone below privacy officer gets a real 403.
export default async function PrivacyLayout({ children }: { children: ReactNode }) {
  await requirePage('privacy_officer');
  return children;
}
