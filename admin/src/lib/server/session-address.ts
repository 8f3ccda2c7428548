import { randomBytes } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import { BlockList, isIP } from 'node:net';

/*
 * Which address a sign-in comes from, for the per-address limit.
 *
 * How the address reaches a route handler behind Next.js (15): the standalone server hands the
 * Node request to Next, which fills `X-Forwarded-For` with the socket's address only when the
 * request has no such header (`??=` in next/dist/server/base-server.js). A client that sends its
 * own `X-Forwarded-For` therefore replaces the socket address completely, and route handlers
 * have no other way to see the socket (`NextRequest.ip` is gone in 15). So the peer address is
 * captured before Next sees the request: `installPeerAddressHook` (called from
 * instrumentation-node.ts, once per process) subscribes to Node's `http.server.request.start`
 * diagnostics channel, which fires before the server's 'request' event, and writes the
 * socket's address into PEER_HEADER, overwriting whatever the client sent under that name.
 * Requests the hook did not see have no peer address ('unknown': one shared bucket, never one
 * the client can choose).
 *
 * `X-Forwarded-For` is believed only when that peer is a configured proxy (TRUSTED_PROXIES),
 * and then only as far back as the chain stays inside the trusted ranges.
 */

export const PEER_HEADER = 'x-cbc-peer-address';

const STAMP = Symbol.for('cbc.admin.peerAddressStamp');
type Holder = { [STAMP]?: string };

interface RequestStart {
  request: { headers: Record<string, string | string[] | undefined> };
  socket: { remoteAddress?: string };
}

/**
 * The value carries a random per-process stamp: a request that reached Next without passing
 * the hook (one already in flight while the server was starting, before `register()` ran) keeps
 * whatever the client sent, and that must not be mistaken for the socket address.
 */
export function installPeerAddressHook(): void {
  const g = globalThis as Holder;
  if (g[STAMP]) return;
  const stamp = randomBytes(16).toString('base64url');
  subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as RequestStart;
    request.headers[PEER_HEADER] = `${stamp} ${socket.remoteAddress ?? ''}`;
  });
  g[STAMP] = stamp;
}

type HeaderBag = { get(name: string): string | null };

/** The socket address of this request, or null when the hook did not stamp it. */
export function peerAddress(h: HeaderBag): string | null {
  const stamp = (globalThis as Holder)[STAMP];
  const value = h.get(PEER_HEADER);
  if (!stamp || !value?.startsWith(`${stamp} `)) return null;
  return normalizeIp(value.slice(stamp.length + 1));
}

/** An IPv4-mapped IPv6 address (a dual-stack socket's view of an IPv4 client) as plain IPv4. */
export function normalizeIp(raw: string): string | null {
  const ip = raw.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return isIP(ip) ? ip.toLowerCase() : null;
}

export type ProxyRanges = BlockList;

/** TRUSTED_PROXIES: comma-separated addresses or CIDR ranges; empty trusts no proxy. */
export function parseTrustedProxies(raw: string | undefined): { ranges: ProxyRanges; problems: string[] } {
  const ranges = new BlockList();
  const problems: string[] = [];
  for (const entry of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [addr = '', bits] = entry.split('/');
    const ip = normalizeIp(addr);
    const family = ip ? isIP(ip) : 0;
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!ip || !/^\d*$/.test(bits ?? '') || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      problems.push(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
      continue;
    }
    ranges.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return { ranges, problems };
}

const trusted = (ranges: ProxyRanges, ip: string) => ranges.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');

/**
 * The address to rate-limit: the socket peer, unless the peer is a trusted proxy; then the
 * `X-Forwarded-For` entries are walked from the right (each appended by the hop before) past
 * every trusted proxy, and the first address outside them is the client. Entries left of it
 * were written by the client and are ignored. 'unknown' when there is no peer address at all.
 */
export function clientAddress(peer: string | null, forwardedFor: string | null, ranges: ProxyRanges): string {
  if (!peer) return 'unknown';
  let client = peer;
  const hops = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  while (trusted(ranges, client)) {
    const hop = hops.pop();
    const ip = hop === undefined ? null : normalizeIp(hop);
    if (!ip) break; // the chain ends (or is garbage) inside the trusted proxies: the last proxy is all we know
    client = ip;
  }
  return client;
}
