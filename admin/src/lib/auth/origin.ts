type HeaderBag = { get(name: string): string | null };

/**
 * The origin the browser used, from the request's own Host (or the proxy's X-Forwarded-Host
 * and -Proto). Redirects are built on it: Next's request URL carries the server's bind name
 * (e.g. localhost when the browser asked for 127.0.0.1), and a redirect across names would
 * leave the session cookie behind. Pure: the middleware uses it too.
 */
export function requestOrigin(h: HeaderBag): string {
  const host = (h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost').split(',')[0]!.trim();
  const proto = (h.get('x-forwarded-proto') ?? 'http').split(',')[0]!.trim() === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

export function sameHostUrl(h: HeaderBag, path: string): URL {
  return new URL(path, requestOrigin(h));
}
