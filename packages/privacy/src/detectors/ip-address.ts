import { isIP } from 'node:net';
import type { EntitySpan } from '../entity-types';

// Four dotted numbers not embedded in a longer dotted/number token ("v1.2.3.4.5", "1.2.3.4.").
const IPV4 = /(?<![\p{L}\p{N}.])(?:\d{1,3}\.){3}\d{1,3}(?![\p{L}\p{N}]|\.\d)/gu;
// Hex groups and colons, optionally with a dotted IPv4 tail and a zone id; isIP decides.
const IPV6 = /(?<![\p{L}\p{N}:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?:%[\w.-]+)?(?![\p{L}\p{N}:]|\.\d)/gu;

// "Version 1.2.3.4" and "v1.2.3.4" are software versions, not hosts.
const VERSION_BEFORE = /(?:\bv\.?\s*|\bversion\s*|\bversi[oó]n\s*)$/i;

export function detectIpAddresses(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  if (text.includes('.')) {
    for (const m of text.matchAll(IPV4)) {
      // Leading zeros ("192.168.001.010") are ambiguous for storage but still identify a host,
      // so in free text we redact them: validate the decimal reading.
      const decimal = m[0].split('.').map(Number).join('.');
      if (VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
      if (isIP(decimal) === 4) spans.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length });
    }
  }
  if (text.includes(':')) {
    for (const m of text.matchAll(IPV6)) {
      const bare = m[0].split('%')[0] ?? '';
      if (isIP(bare) === 6) spans.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length });
    }
  }
  return spans;
}
