// Role rules, shared by the server guards and the navigation. Pure: safe in middleware too.

export const ROLES = ['viewer', 'operator', 'privacy_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Each role can do everything the ones before it can. */
const RANK: Record<Role, number> = { viewer: 0, operator: 1, privacy_officer: 2, admin: 3 };

export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  operator: 'Operator',
  privacy_officer: 'Privacy officer',
  admin: 'Admin',
};

export interface NavItem {
  href: string;
  label: string;
  minRole: Role;
}

/** Every page, in navigation order, with the least role that may open it. */
export const NAV: readonly NavItem[] = [
  { href: '/', label: 'Overview', minRole: 'viewer' },
  { href: '/engagement', label: 'Engagement', minRole: 'viewer' },
  { href: '/search', label: 'Search', minRole: 'viewer' },
  { href: '/faq', label: 'FAQ', minRole: 'viewer' },
  { href: '/chat', label: 'Chat', minRole: 'viewer' },
  { href: '/services', label: 'Services', minRole: 'viewer' },
  { href: '/guests', label: 'Guests', minRole: 'viewer' },
  { href: '/operations', label: 'Operations', minRole: 'operator' },
  { href: '/privacy', label: 'Privacy', minRole: 'privacy_officer' },
  { href: '/staff', label: 'Staff', minRole: 'admin' },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((n) => hasRole(role, n.minRole));
}
