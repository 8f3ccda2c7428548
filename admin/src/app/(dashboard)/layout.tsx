import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { AppShell } from '@/components/dashboard/app-shell';
import { requirePage } from '@/lib/server/session';
import { parseTheme, THEME_COOKIE } from '@/lib/theme';

// Sessions, roles and live data: nothing here may be prerendered or cached between requests.
export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Outside every Suspense boundary, so an anonymous visitor gets a real redirect (not a
  // streamed one). Pages check again themselves: layouts are not re-run on client navigation.
  const session = await requirePage('viewer');
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <AppShell session={session} theme={theme}>
      {children}
    </AppShell>
  );
}
