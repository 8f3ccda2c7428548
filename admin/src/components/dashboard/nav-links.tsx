'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { cn } from '@/lib/cn';
import type { NavItem } from '@/lib/auth/roles';
import { VIEW_PARAMS } from '@/lib/view-query';

const ANALYTICS = new Set(['/', '/engagement', '/search', '/faq', '/chat', '/services', '/guests']);

/**
 * The page links. Moving between analytics pages keeps the period, segment, comparison and
 * filters (one view of the whole dashboard); a segment a page does not offer falls back there
 * to "none", and a filter its metric cannot take is shown as such on its chip.
 */
export function NavLinks({ items, orientation }: { items: NavItem[]; orientation: 'vertical' | 'horizontal' }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const keep = new URLSearchParams();
  for (const k of VIEW_PARAMS) {
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
