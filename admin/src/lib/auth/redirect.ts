/**
 * Where to go after sign-in: only a path on this site. An open redirect after login would let
 * a phishing link borrow this dashboard's address.
 */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || raw.startsWith('/api/')) return '/';
  // "/\t/evil.example" and friends: browsers drop tabs and newlines from URLs.
  if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c === '\\')) return '/';
  return raw;
}
