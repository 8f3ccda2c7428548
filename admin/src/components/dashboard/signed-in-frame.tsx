import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { currentSession } from '@/lib/server/session';
import { parseTheme, THEME_COOKIE } from '@/lib/theme';
import { AppShell } from './app-shell';

/**
 * The app's frame for the pages Next renders outside the dashboard layout (no access, not
 * found): a signed-in visitor keeps the navigation and can go on from there; anyone else (or
 * when the session store is down) gets the bare page.
 */
export async function SignedInFrame({ children }: { children: ReactNode }) {
  const s = await currentSession();
  if (s.status !== 'ok') return <main className="flex min-h-screen items-center justify-center p-4">{children}</main>;
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <AppShell session={s.session} theme={theme}>
      <div className="flex min-h-[50vh] items-center justify-center">{children}</div>
    </AppShell>
  );
}
