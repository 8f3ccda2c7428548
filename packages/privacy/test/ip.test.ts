import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymizeIp, hashIp, normalizeIp, truncateIp } from '../src/index';

describe('truncateIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.0'],
    ['10.0.0.1', '10.0.0.0'],
    ['192.168.1.34', '192.168.1.0'],
  ])('IPv4 %s -> /24 %s', (ip, network) => {
    expect(truncateIp(ip)).toEqual({ network, version: 4 });
  });

  it.each([
    ['2001:db8:abcd:12::1', '2001:db8:abcd::'],
    ['2001:0DB8:ABCD:0012:0000:0000:0000:0001', '2001:db8:abcd::'],
    ['2001:db8::1', '2001:db8::'],
    ['2001:db8:0:1::', '2001:db8::'],
    ['2001:4:0:1::1', '2001:4::'],
    ['2001:db8:abcd:ffff:ffff:ffff:ffff:ffff', '2001:db8:abcd::'],
    ['1:2:3:4:5:6:7:8', '1:2:3::'],
    ['fe80::1ff:fe23:4567:890a', 'fe80::'],
    ['::1', '::'],
    ['::', '::'],
    ['2a02:8070:a187:9d00::2', '2a02:8070:a187::'],
    ['2001:db8:abcd:12:1:2:1.2.3.4', '2001:db8:abcd::'],
    // Near the embedding prefixes but outside them: plain IPv6.
    ['::0.0.1.2', '::'],
    ['64:ff9b:1::c633:6417', '64:ff9b:1::'],
    ['2001:1::c633:6417', '2001:1::'],
    ['2003:c633:6417::1', '2003:c633:6417::'],
  ])('IPv6 %s -> /48 %s', (ip, network) => {
    expect(truncateIp(ip)).toEqual({ network, version: 6 });
  });

  it.each([
    ['::ffff:198.51.100.23'],
    ['::FFFF:198.51.100.23'],
    ['::ffff:c633:6417'],
    ['0:0:0:0:0:ffff:c633:6417'],
    ['0000:0000:0000:0000:0000:FFFF:C633:6417'],
  ])('IPv4-mapped %s is treated as IPv4', (ip) => {
    expect(truncateIp(ip)).toEqual({ network: '198.51.100.0', version: 4 });
  });

  // An IPv6 address that carries an IPv4 client would keep that client's full IPv4 under a /48
  // (6to4 puts it in bits 16–47): it is truncated as the IPv4 it carries.
  it.each([
    ['::ffff:0:198.51.100.23', 'IPv4-translated'],
    ['::198.51.100.23', 'IPv4-compatible'],
    ['64:ff9b::198.51.100.23', 'NAT64'],
    ['64:ff9b::c633:6417', 'NAT64, hex tail'],
    ['2002:c633:6417::1', '6to4'],
    ['2002:c633:6417:abcd:1:2:3:4', '6to4, any host'],
    // Teredo: the client's IPv4 is the last 32 bits inverted (~0x39cc9be8 = 198.51.100.23).
    ['2001:0:4136:e378:8000:63bf:39cc:9be8', 'Teredo'],
  ])('%s (%s) is truncated as the IPv4 it carries', (ip) => {
    expect(truncateIp(ip)).toEqual({ network: '198.51.100.0', version: 4 });
  });

  it('finds the Teredo client of the RFC 4380 example', () => {
    expect(truncateIp('2001:0000:4136:e378:8000:63bf:3fff:fdd2')).toEqual({ network: '192.0.2.0', version: 4 });
  });

  it.each([
    ['', 'empty'],
    [' ', 'blank'],
    [' 203.0.113.77', 'leading space'],
    ['203.0.113.77 ', 'trailing space'],
    ['203.0.113.77:8080', 'port'],
    ['[2001:db8::1]', 'brackets'],
    ['[2001:db8::1]:443', 'brackets and port'],
    ['fe80::1%eth0', 'zone id'],
    ['fe80::1%25eth0', 'URL-encoded zone id'],
    ['010.1.1.1', 'leading zero (octal or decimal?)'],
    ['1.2.3.04', 'leading zero in last octet'],
    ['::ffff:010.1.1.1', 'leading zero in mapped IPv4'],
    ['256.1.1.1', 'octet out of range'],
    ['1.2.3', 'three octets'],
    ['1.2.3.4.5', 'five octets'],
    ['1:2:3:4:5:6:7:8:9', 'nine groups'],
    ['1::2::3', 'two ::'],
    ['00001::', 'five-digit group'],
    ['2001:db8::/48', 'CIDR'],
    ['203.0.113.0/24', 'CIDR v4'],
    ['localhost', 'hostname'],
    ['١.٢.٣.٤', 'non-ASCII digits'],
    ['not an ip', 'garbage'],
  ])('%j (%s) -> null', (ip) => {
    expect(truncateIp(ip)).toBeNull();
  });

  it('returns null rather than throwing for non-string input from untyped callers', () => {
    expect(truncateIp(undefined as unknown as string)).toBeNull();
    expect(truncateIp(42 as unknown as string)).toBeNull();
  });
});

describe('normalizeIp (RFC 5952 text form)', () => {
  it.each([
    ['2001:0DB8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    // Equal runs of zeros: the first one is compressed.
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    // A single zero group is never compressed.
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    // The longest run wins even when it comes second.
    ['2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['1.2.3.4', '1.2.3.4'],
    ['fe80::1%eth0', null],
  ])('%s -> %s', (ip, expected) => {
    expect(normalizeIp(ip)).toBe(expected);
  });
});

describe('hashIp', () => {
  const salt = 'test-salt';

  it('is HMAC-SHA256 hex of the normalized address keyed by the salt', () => {
    const expected = createHmac('sha256', salt).update('2001:db8::1').digest('hex');
    expect(hashIp('2001:0db8:0000::0001', salt)).toBe(expected);
    expect(hashIp('203.0.113.77', salt)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes an IPv4-mapped address like the IPv4 address', () => {
    expect(hashIp('::ffff:1.2.3.4', salt)).toBe(hashIp('1.2.3.4', salt));
    expect(hashIp('::ffff:0102:0304', salt)).toBe(hashIp('1.2.3.4', salt));
  });

  it('hashes an address that embeds an IPv4 client like that IPv4 address', () => {
    const v4 = hashIp('198.51.100.23', salt);
    for (const ip of ['2002:c633:6417::1', '64:ff9b::198.51.100.23', '::198.51.100.23', '2001:0:4136:e378:8000:63bf:39cc:9be8']) {
      expect(hashIp(ip, salt)).toBe(v4);
    }
  });

  it('hashes the full address, not the network', () => {
    expect(hashIp('203.0.113.77', salt)).not.toBe(hashIp('203.0.113.78', salt));
  });

  it('depends on the salt, which may be a Buffer', () => {
    expect(hashIp('1.2.3.4', 'a')).not.toBe(hashIp('1.2.3.4', 'b'));
    expect(hashIp('1.2.3.4', Buffer.from('a'))).toBe(hashIp('1.2.3.4', 'a'));
  });

  it('throws on invalid input without echoing the address', () => {
    expect(() => hashIp('fe80::1%eth0', salt)).toThrow(RangeError);
    const error = thrownBy(() => hashIp('203.0.113.77:8080', salt));
    expect(error).toBeInstanceOf(RangeError);
    expect(String(error)).not.toContain('203.0.113');
    expect(() => hashIp('1.2.3.4', '')).toThrow(RangeError);
  });
});

describe('anonymizeIp (one parse for both)', () => {
  // The ingest path stores what truncateIp and hashIp give; anonymizeIp must give exactly that.
  const sameAsTwoCalls = (ip: string, salt: string) => {
    const t = truncateIp(ip);
    expect(anonymizeIp(ip, salt)).toEqual(t ? { ...t, hash: hashIp(ip, salt) } : null);
  };
  const spellings = fc.oneof(
    fc.ipV4(),
    fc.ipV4Extended(),
    fc.ipV6(),
    fc.ipV4().map((v4) => `::ffff:${v4}`),
    fc.ipV4().map((v4) => `64:ff9b::${v4}`),
    fc.ipV6().map((v6) => v6.toUpperCase()),
    fc.ipV6().map((v6) => `${v6}%eth0`),
    fc.ipV4().map((v4) => `${v4}:8080`),
    fc.string({ maxLength: 45 }),
  );

  it('equals truncateIp plus hashIp, or null where truncateIp is null, for any spelling', () => {
    fc.assert(fc.property(spellings, fc.string({ minLength: 1, maxLength: 8 }), sameAsTwoCalls), { numRuns: 2_000 });
    for (const ip of ['2001:0:4136:e378:8000:63bf:39cc:9be8', '2002:c633:6417::1', '::', '010.1.1.1', '']) sameAsTwoCalls(ip, 'test-salt');
  });

  it('throws on an empty salt for a valid address, never for an invalid one', () => {
    expect(() => anonymizeIp('1.2.3.4', '')).toThrow(RangeError);
    expect(anonymizeIp('not an ip', '')).toBeNull();
  });
});

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
