import { isIP } from 'node:net';

export type ParsedIp =
  | { version: 4; octets: [number, number, number, number] }
  | { version: 6; groups: number[] };

/**
 * Strict parse of a bare IP literal. `node:net` isIP decides validity (it already rejects
 * leading-zero IPv4 octets, which are ambiguous: octal in some stacks, decimal in others);
 * we reject what it would accept but we must not store: zone ids (`fe80::1%eth0` names a
 * local interface, not a network).
 */
export function parseIp(input: string): ParsedIp | null {
  if (input.includes('%')) return null;
  const version = isIP(input);
  if (version === 4) return { version: 4, octets: parseIpv4(input) };
  if (version === 6) {
    const groups = expandIpv6(input);
    return groups ? { version: 6, groups } : null;
  }
  return null;
}

function parseIpv4(input: string): [number, number, number, number] {
  const [a = 0, b = 0, c = 0, d = 0] = input.split('.').map(Number);
  return [a, b, c, d];
}

/** Expands an isIP-validated IPv6 literal (with optional `::` and dotted IPv4 tail) into 8 groups. */
function expandIpv6(input: string): number[] | null {
  let text = input.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    // Rewrite a dotted IPv4 tail as its two hex groups so one split handles every form.
    const [a, b, c, d] = parseIpv4(last);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseHalf = (half: string): number[] => (half === '' ? [] : half.split(':').map((g) => parseInt(g, 16)));
  const head = parseHalf(halves[0] ?? '');
  if (halves.length === 1) return head.length === 8 ? head : null;
  const rest = parseHalf(halves[1] ?? '');
  const missing = 8 - head.length - rest.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...rest];
}

const fromWords = (hi: number, lo: number): ParsedIp => ({ version: 4, octets: [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff] });

/**
 * The IPv4 address an IPv6 address carries, when it carries one by a standard embedding: such an
 * address identifies an IPv4 client, so truncating it as IPv6 (/48) would keep that client's full
 * IPv4 (6to4 puts it in bits 16–47, inside the /48). Recognised forms:
 * - IPv4-mapped `::ffff:a.b.c.d` (a dual-stack socket) and IPv4-translated `::ffff:0:a.b.c.d`;
 * - IPv4-compatible `::a.b.c.d` (deprecated; `::` and `::1` and the rest of `::/112` stay IPv6:
 *   they are the unspecified and loopback addresses, not IPv4 clients);
 * - NAT64 well-known prefix `64:ff9b::a.b.c.d`;
 * - 6to4 `2002:AABB:CCDD::/48`, the IPv4 in groups 1–2;
 * - Teredo `2001:0::/32`, the client's IPv4 in the last 32 bits, inverted (XOR 0xffffffff).
 * Anything else is returned unchanged.
 */
export function embeddedIpv4(parsed: ParsedIp): ParsedIp {
  if (parsed.version === 4) return parsed;
  const g = parsed.groups;
  const at = (i: number) => g[i] ?? 0;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && at(5) === 0xffff) return fromWords(at(6), at(7));
  if (zeros(0, 4) && at(4) === 0xffff && at(5) === 0) return fromWords(at(6), at(7));
  if (zeros(0, 6) && at(6) !== 0) return fromWords(at(6), at(7));
  if (at(0) === 0x64 && at(1) === 0xff9b && zeros(2, 6)) return fromWords(at(6), at(7));
  if (at(0) === 0x2002) return fromWords(at(1), at(2));
  if (at(0) === 0x2001 && at(1) === 0) return fromWords(at(6) ^ 0xffff, at(7) ^ 0xffff);
  return parsed;
}

/** RFC 5952 text form: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

export function formatIp(parsed: ParsedIp): string {
  return parsed.version === 4 ? parsed.octets.join('.') : formatIpv6(parsed.groups);
}
