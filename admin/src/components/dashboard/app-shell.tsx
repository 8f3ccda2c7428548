import type { ReactNode } from 'react';
import { Suspense } from 'react';
import { LogOut, Waves } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { navFor, ROLE_LABELS } from '@/lib/auth/roles';
import type { Session } from '@/lib/server/session';
import type { Theme } from '@/lib/theme';
import { NavLinks } from './nav-links';
import { ThemeToggle } from './theme-toggle';

/**
 * The frame of every signed-in page: navigation (only the pages this role may open), who is
 * signed in, theme, sign-out. Sidebar from laptop width, a scrolling tab row on tablets.
 */
export function AppShell({ session, theme, children }: { session: Session; theme: Theme; children: ReactNode }) {
  const items = navFor(session.role);
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[13rem_1fr]">
      <a href="#main" data-print="hide" className="sr-only z-50 rounded-md bg-card px-3 py-2 focus:not-sr-only focus:absolute focus:top-2 focus:left-2">
        Skip to content
      </a>
      <aside className="hidden border-r bg-card lg:block" data-print="hide">
        <div className="sticky top-0 flex h-screen flex-col gap-6 p-4">
          <Brand />
          <nav aria-label="Pages">
            <Suspense>
              <NavLinks items={items} orientation="vertical" />
            </Suspense>
          </nav>
        </div>
      </aside>
      <div className="min-w-0">
        <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur" data-print="hide">
          <div className="flex h-14 items-center justify-between gap-3 px-4 md:px-6">
            <div className="lg:hidden">
              <Brand />
            </div>
            <div className="ml-auto flex items-center gap-2">
              <span className="hidden text-sm text-muted-foreground sm:inline" data-testid="signed-in-as">
                {session.email}
              </span>
              <Badge variant="outline" data-testid="role-badge">
                {ROLE_LABELS[session.role]}
              </Badge>
              <ThemeToggle initial={theme} />
              <form action="/api/auth/logout" method="post">
                <input type="hidden" name="csrf" value={session.csrf} />
                <Button type="submit" variant="ghost" size="sm" data-testid="sign-out">
                  <LogOut aria-hidden /> Sign out
                </Button>
              </form>
            </div>
          </div>
          <nav aria-label="Pages" className="overflow-x-auto border-t px-2 py-1.5 lg:hidden">
            <Suspense>
              <NavLinks items={items} orientation="horizontal" />
            </Suspense>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-[1400px] space-y-6 p-4 md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}

function Brand() {
  return (
    <div className="flex items-center gap-2 font-semibold">
      <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
        <Waves className="size-4" aria-hidden />
      </span>
      <span>CBC Analytics</span>
    </div>
  );
}
