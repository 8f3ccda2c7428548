import { createHmac } from 'node:crypto';
import { formatIp, formatIpv6, parseIp, embeddedIpv4, type ParsedIp } from './ip-parse';

export interface TruncatedIp {
  network: string;
  version: 4 | 6;
}

/**
 * The only form of a guest IP we store: IPv4 /24, IPv6 /48 (RFC 5952 text), with an IPv6 address
 * that embeds an IPv4 client (mapped, translated, compatible, NAT64, 6to4, Teredo) treated as the
 * IPv4 it carries. Anything that is not a bare, unambiguous IP literal (zone ids,
 * brackets, ports, leading-zero octets, whitespace) returns null so the caller drops the field.
 */
export function truncateIp(ip: string): TruncatedIp | null {
  const ip46 = parsed46(ip);
  return ip46 ? networkOf(ip46) : null;
}

/** The address as stored: an IPv6 address that embeds an IPv4 client is that IPv4. */
function parsed46(ip: string): ParsedIp | null {
  if (typeof ip !== 'string' || ip === '') return null;
  const parsed = parseIp(ip);
  return parsed ? embeddedIpv4(parsed) : null;
}

function networkOf(ip46: ParsedIp): TruncatedIp {
  if (ip46.version === 4) {
    const [a, b, c] = ip46.octets;
    return { network: `${a}.${b}.${c}.0`, version: 4 };
  }
  const network = ip46.groups.map((g, i) => (i < 3 ? g : 0));
  return { network: formatIpv6(network), version: 6 };
}

/** Canonical text of the full address, the input to `hashIp`; null when not a valid IP literal. */
export function normalizeIp(ip: string): string | null {
  const ip46 = parsed46(ip);
  return ip46 ? formatIp(ip46) : null;
}

/**
 * HMAC-SHA256 (hex) of the normalized full address, keyed by the salt, so `::ffff:1.2.3.4`,
 * `2002:102:304::1` and `1.2.3.4` (or two spellings of one IPv6 address) give the same abuse
 * signal: an address that embeds an IPv4 client is hashed as that IPv4. With a static salt
 * this is pseudonymisation, not anonymisation: the IPv4 space is small enough to enumerate, so
 * callers should rotate the salt (see README).
 *
 * Callers validate first (truncateIp); an invalid address or empty salt throws, and the message
 * deliberately does not echo the input, so the error can never carry an IP into a log line.
 */
export function hashIp(ip: string, salt: string | Buffer): string {
  const ip46 = parsed46(ip);
  if (ip46 === null) throw new RangeError('hashIp: input is not a valid IP address');
  return hmacOf(ip46, salt);
}

function hmacOf(ip46: ParsedIp, salt: string | Buffer): string {
  if (salt.length === 0) throw new RangeError('hashIp: salt must not be empty');
  return createHmac('sha256', salt).update(formatIp(ip46)).digest('hex');
}

/**
 * `truncateIp(ip)` and `hashIp(ip, salt)` together, the address parsed once; null when
 * `truncateIp` would be null (then nothing is hashed).
 */
export function anonymizeIp(ip: string, salt: string | Buffer): (TruncatedIp & { hash: string }) | null {
  const ip46 = parsed46(ip);
  return ip46 ? { ...networkOf(ip46), hash: hmacOf(ip46, salt) } : null;
}
