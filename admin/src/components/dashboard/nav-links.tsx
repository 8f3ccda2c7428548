'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { cn } from '@/lib/cn';
import type { NavItem } from '@/lib/auth/roles';

const ANALYTICS = new Set(['/', '/engagement', '/search', '/faq', '/chat', '/services', '/guests']);

/**
 * The page links. Moving between analytics pages keeps the window, segment and comparison
 * (they are the same controls on every page); a segment a page does not offer falls back
 * there to "none".
 */
export function NavLinks({ items, orientation }: { items: NavItem[]; orientation: 'vertical' | 'horizontal' }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const keep = new URLSearchParams();
  for (const k of ['window', 'segment', 'compare']) {
    const v = params.get(k);
    if (v) keep.set(k, v);
  }
  const qs = ANALYTICS.has(pathname) && keep.size ? `?${keep}` : '';
  return (
    <ul className={cn('flex gap-1', orientation === 'vertical' ? 'flex-col' : 'flex-row')}>
      {items.map((item) => {
        const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href);
        return (
          <li key={item.href}>
            <Link
              href={`${item.href}${ANALYTICS.has(item.href) ? qs : ''}`}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'block rounded-md px-3 py-1.5 text-sm whitespace-nowrap transition-colors hover:bg-accent hover:text-accent-foreground',
                active ? 'bg-accent font-medium text-accent-foreground' : 'text-muted-foreground',
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
