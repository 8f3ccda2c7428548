import { createHmac } from 'node:crypto';
import { formatIp, formatIpv6, parseIp, embeddedIpv4 } from './ip-parse';

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
  if (typeof ip !== 'string' || ip === '') return null;
  const parsed = parseIp(ip);
  if (!parsed) return null;
  const ip46 = embeddedIpv4(parsed);
  if (ip46.version === 4) {
    const [a, b, c] = ip46.octets;
    return { network: `${a}.${b}.${c}.0`, version: 4 };
  }
  const network = ip46.groups.map((g, i) => (i < 3 ? g : 0));
  return { network: formatIpv6(network), version: 6 };
}

/** Canonical text of the full address, the input to `hashIp`; null when not a valid IP literal. */
export function normalizeIp(ip: string): string | null {
  if (typeof ip !== 'string' || ip === '') return null;
  const parsed = parseIp(ip);
  return parsed ? formatIp(embeddedIpv4(parsed)) : null;
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
  const normalized = normalizeIp(ip);
  if (normalized === null) throw new RangeError('hashIp: input is not a valid IP address');
  if (salt.length === 0) throw new RangeError('hashIp: salt must not be empty');
  return createHmac('sha256', salt).update(normalized).digest('hex');
}
