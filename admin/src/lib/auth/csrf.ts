import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF defence in two layers. (1) Same-origin: a state-changing request must carry an Origin
 * (or, failing that, a Referer) whose host is the host the request was sent to — browsers set
 * Origin on every cross-site POST and scripts cannot forge it. (2) A per-session token that a
 * form or fetch must echo back; another site cannot read it. SameSite=Lax cookies are a third
 * layer that we do not rely on alone.
 */
export function isSameOrigin(headers: { get(name: string): string | null }): boolean {
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host) return false;
  const source = headers.get('origin') ?? headers.get('referer');
  // `Origin: null` (sandboxed frames, some redirects) is never trusted.
  if (!source || source === 'null') return false;
  try {
    return new URL(source).host.toLowerCase() === host.split(',')[0]!.trim().toLowerCase();
  } catch {
    return false;
  }
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokensMatch(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 200) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
