import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WEBHOOK_TOLERANCE_SECONDS as TOLERANCE_SECONDS, signWebhook, verifyWebhook as verify, type WebhookHeaders } from '../src/index';

/** One key's `v1,` entry. */
const sign = (key: Buffer, id: string, timestamp: number | string, body: Buffer | string) => signWebhook([key], id, timestamp, body);

// The Standard Webhooks reference vector (the published example of the scheme).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

/** The HMAC key is the base64-decoded part after `whsec_`, not the secret's text. */
const keyOf = (secret: string) => Buffer.from(secret.slice('whsec_'.length), 'base64');

const KEY = keyOf(VECTOR.secret);
const OLD_KEY = randomBytes(32);
const NEW_KEY = randomBytes(32);
const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const BODY = Buffer.from(JSON.stringify({ type: 'feedback.submitted', data: { rating: 5 } }));

function headers(overrides: Partial<WebhookHeaders> = {}, key: Buffer = KEY, body: Buffer = BODY): WebhookHeaders {
  const timestamp = overrides.timestamp ?? String(NOW);
  const id = overrides.id ?? ID;
  return { id, timestamp, signature: sign(key, id, timestamp, body), ...overrides };
}

/** Asserts a rejection with `reason`; verify must return, never throw. */
function expectRejected(keys: readonly Buffer[], h: WebhookHeaders, body: Buffer, reason: string, now = NOW) {
  let result: ReturnType<typeof verify> | undefined;
  expect(() => {
    result = verify(keys, h, body, now);
  }).not.toThrow();
  expect(result).toEqual({ ok: false, reason });
}

const b64 = (bytes: Buffer) => `v1,${bytes.toString('base64')}`;

describe('sign / verify: the reference vector', () => {
  it('decodes the whsec_ secret to a 24-byte key', () => {
    expect(KEY.length).toBe(24);
  });

  it('sign() produces the reference signature', () => {
    expect(sign(KEY, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(sign(KEY, VECTOR.id, String(VECTOR.timestamp), Buffer.from(VECTOR.body))).toBe(VECTOR.signature);
  });

  it('sign() is HMAC-SHA256 over "{id}.{timestamp}.{body}"', () => {
    const mac = createHmac('sha256', KEY).update(`${VECTOR.id}.${VECTOR.timestamp}.${VECTOR.body}`).digest('base64');
    expect(`v1,${mac}`).toBe(VECTOR.signature);
  });

  it('verify() accepts the reference vector at its own timestamp', () => {
    const h = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    expect(verify([KEY], h, Buffer.from(VECTOR.body), VECTOR.timestamp)).toEqual({ ok: true, id: VECTOR.id });
  });

  it('verify() rejects the reference vector once it is older than the tolerance', () => {
    const h = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    expectRejected([KEY], h, Buffer.from(VECTOR.body), 'timestamp_out_of_tolerance', VECTOR.timestamp + 301);
    expectRejected([KEY], h, Buffer.from(VECTOR.body), 'timestamp_out_of_tolerance', NOW);
  });

  it('the secret text itself (not decoded) is the wrong key', () => {
    const wrong = Buffer.from(VECTOR.secret);
    expect(sign(wrong, VECTOR.id, VECTOR.timestamp, VECTOR.body)).not.toBe(VECTOR.signature);
    const h = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    expectRejected([wrong], h, Buffer.from(VECTOR.body), 'signature_mismatch', VECTOR.timestamp);
  });

  it('verifies the raw bytes: the same JSON re-serialised is a different body', () => {
    const h = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: VECTOR.signature };
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(VECTOR.body))); // {"test":2432232314}
    expectRejected([KEY], h, reserialised, 'signature_mismatch', VECTOR.timestamp);
  });

  it('round-trips: anything sign() makes, verify() accepts', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 64 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        fc.uint8Array({ maxLength: 2048 }),
        fc.integer({ min: -TOLERANCE_SECONDS, max: TOLERANCE_SECONDS }),
        (key, id, body, skew) => {
          const k = Buffer.from(key);
          const ts = String(NOW + skew);
          const b = Buffer.from(body);
          expect(verify([k], { id, timestamp: ts, signature: sign(k, id, ts, b) }, b, NOW)).toEqual({ ok: true, id });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('verify: the attack table', () => {
  it('accepts a valid signature (baseline)', () => {
    expect(verify([KEY], headers(), BODY, NOW)).toEqual({ ok: true, id: ID });
  });

  it.each(['id', 'timestamp', 'signature'] as const)('rejects a missing %s header', (name) => {
    expectRejected([KEY], { ...headers(), [name]: undefined }, BODY, 'missing_header');
  });

  it.each(['id', 'timestamp', 'signature'] as const)('rejects an empty %s header', (name) => {
    expectRejected([KEY], { ...headers(), [name]: '' }, BODY, 'missing_header');
  });

  it("rejects an empty 'v1,'", () => {
    expectRejected([KEY], headers({ signature: 'v1,' }), BODY, 'no_v1_signature');
  });

  it.each([
    ['dropping the last 4 characters', (s: string) => s.slice(0, -4)],
    ['dropping the padding and the last character', (s: string) => s.replace(/=+$/, '').slice(0, -1)],
    ['keeping half', (s: string) => s.slice(0, 3 + Math.floor((s.length - 3) / 2))],
    ['keeping 4 characters', (s: string) => s.slice(0, 7)],
  ])('rejects a truncated signature (%s)', (_label, truncate) => {
    const h = headers();
    expectRejected([KEY], { ...h, signature: truncate(h.signature!) }, BODY, 'signature_mismatch');
  });

  it('rejects a signature made with the wrong secret', () => {
    expectRejected([KEY], headers({}, randomBytes(32)), BODY, 'signature_mismatch');
  });

  it("rejects the scheme 'v2,' (and other non-v1 schemes) even with a correct MAC", () => {
    const mac = headers().signature!.slice(3);
    for (const scheme of ['v2,', 'V1,', 'v1a,', 'v1 ', 'v1=', '']) {
      expectRejected([KEY], headers({ signature: `${scheme}${mac}` }), BODY, 'no_v1_signature');
    }
  });

  it('rejects a valid signature over a different body', () => {
    const other = Buffer.from(JSON.stringify({ type: 'feedback.submitted', data: { rating: 1 } }));
    expectRejected([KEY], headers(), other, 'signature_mismatch');
    expectRejected([KEY], headers(), Buffer.alloc(0), 'signature_mismatch');
    expectRejected([KEY], headers(), Buffer.concat([BODY, Buffer.from(' ')]), 'signature_mismatch');
  });

  it('rejects the body with any single byte flipped after signing', () => {
    const h = headers();
    for (let i = 0; i < BODY.length; i++) {
      const tampered = Buffer.from(BODY);
      tampered[i] = tampered[i]! ^ 0x01;
      expectRejected([KEY], h, tampered, 'signature_mismatch');
    }
  });

  it('rejects the signature with any single byte flipped', () => {
    const mac = Buffer.from(headers().signature!.slice(3), 'base64');
    for (let i = 0; i < mac.length; i++) {
      const tampered = Buffer.from(mac);
      tampered[i] = tampered[i]! ^ 0x80;
      expectRejected([KEY], headers({ signature: b64(tampered) }), BODY, 'signature_mismatch');
    }
  });

  it('rejects a signature whose id or timestamp was changed after signing', () => {
    const h = headers();
    expectRejected([KEY], { ...h, id: `${ID}x` }, BODY, 'signature_mismatch');
    expectRejected([KEY], { ...h, timestamp: String(NOW - 1) }, BODY, 'signature_mismatch');
  });

  it.each([
    ['now - 301 (too old)', -301],
    ['now + 301 (too far in the future)', 301],
    ['now - 1 day', -86_400],
    ['now + 1 day', 86_400],
    ['epoch 0', -NOW],
  ])('rejects a correctly signed timestamp at %s', (_label, skew) => {
    expectRejected([KEY], headers({ timestamp: String(NOW + skew) }), BODY, 'timestamp_out_of_tolerance');
  });

  it.each([
    ['now - 300', -300],
    ['now + 300', 300],
    ['now', 0],
  ])('accepts a correctly signed timestamp at %s', (_label, skew) => {
    expect(verify([KEY], headers({ timestamp: String(NOW + skew) }), BODY, NOW)).toEqual({ ok: true, id: ID });
  });

  it('uses a ±300 s tolerance', () => {
    expect(TOLERANCE_SECONDS).toBe(300);
  });

  it.each(['abc', '1767225600.5', '-1767225600', '+1767225600', '1.7e9', ' 1767225600', '1767225600 ', '0x69557e00', '1234567890123'])(
    'rejects the non-numeric timestamp %j (even when signed)',
    (timestamp) => {
      expectRejected([KEY], headers({ timestamp }), BODY, 'bad_timestamp');
    },
  );

  it.each(['msg.1', 'msg_1.', '.', 'a.b.c', 'msg 1', 'msg/1', 'msg%2E1', 'msg_1\n', 'm'.repeat(257)])(
    'rejects the webhook-id %j (even when signed)',
    (id) => {
      expectRejected([KEY], headers({ id }), BODY, 'bad_id');
    },
  );

  it('the id cannot smuggle a dot: "a.b" + ts + body must not verify as id "a" with ts "b…"', () => {
    // With a dot allowed, {id:"a.1767225600", ts:"…"} and {id:"a", ts:"1767225600"} could collide.
    const sig = sign(KEY, 'a', `${NOW}.${NOW}`, BODY);
    expectRejected([KEY], { id: `a.${NOW}`, timestamp: String(NOW), signature: sig }, BODY, 'bad_id');
  });

  it.each([
    ['1-byte', () => b64(Buffer.from([0x42]))],
    ['1-byte, unpadded', () => 'v1,QQ'],
    ['1-character', () => 'v1,A'],
    ['1000-byte', () => b64(randomBytes(1000))],
    ['1000-character', () => `v1,${'A'.repeat(1000)}`],
    ['31-byte', () => b64(randomBytes(31))],
    ['33-byte', () => b64(randomBytes(33))],
    ['32 zero bytes', () => b64(Buffer.alloc(32))],
  ])('rejects a %s signature without throwing', (_label, make) => {
    expectRejected([KEY], headers({ signature: make() }), BODY, 'signature_mismatch');
  });

  it.each([
    'v1,!!!not base64***',
    'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=====',
    'v1,=',
    'v1,ab cd',
    'v1,\u00e9\u00e9\u00e9\u00e9',
    'v1,\u0000\u0000\u0000\u0000',
    'v1,g0hM9SsE-OTPJTGt_tmIKtSyZlE3uFJELVlNIOLJ1OE',
    ',',
    ' ',
    'v1',
  ])('rejects the non-base64 signature %j without throwing', (signature) => {
    let result: ReturnType<typeof verify> | undefined;
    expect(() => {
      result = verify([KEY], headers({ signature }), BODY, NOW);
    }).not.toThrow();
    expect(result?.ok).toBe(false);
  });

  it('does not accept a URL-safe base64 rendering of the correct MAC', () => {
    // The reference vector's MAC holds both '+' and '/', so its URL-safe form differs in both.
    const h = { id: VECTOR.id, timestamp: String(VECTOR.timestamp) };
    const mac = Buffer.from(VECTOR.signature.slice(3), 'base64');
    const urlSafe = mac.toString('base64url');
    expect(urlSafe).toMatch(/-/);
    expect(urlSafe).toMatch(/_/);
    for (const signature of [`v1,${urlSafe}`, `v1,${urlSafe}=`]) {
      expectRejected([KEY], { ...h, signature }, Buffer.from(VECTOR.body), 'no_v1_signature', VECTOR.timestamp);
    }
  });

  it('never throws and never accepts arbitrary signature headers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 64 }), (signature, bytes) => {
        for (const sig of [signature, `v1,${signature}`, b64(Buffer.from(bytes))]) {
          let result: ReturnType<typeof verify> | undefined;
          expect(() => {
            result = verify([KEY], headers({ signature: sig }), BODY, NOW);
          }).not.toThrow();
          expect(result?.ok).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rejects everything when no key is configured', () => {
    expectRejected([], headers(), BODY, 'no_secret_configured');
  });
});

describe('verify: secret rotation', () => {
  const both = [OLD_KEY, NEW_KEY];
  const sigOld = () => headers({}, OLD_KEY).signature!;
  const sigNew = () => headers({}, NEW_KEY).signature!;

  it('both keys configured: a signature with the old key only is accepted', () => {
    expect(verify(both, headers({ signature: sigOld() }), BODY, NOW)).toEqual({ ok: true, id: ID });
  });

  it('both keys configured: a signature with the new key only is accepted', () => {
    expect(verify(both, headers({ signature: sigNew() }), BODY, NOW)).toEqual({ ok: true, id: ID });
  });

  it('both keys configured: both signatures presented, in either order, are accepted', () => {
    expect(verify(both, headers({ signature: `${sigOld()} ${sigNew()}` }), BODY, NOW)).toEqual({ ok: true, id: ID });
    expect(verify(both, headers({ signature: `${sigNew()} ${sigOld()}` }), BODY, NOW)).toEqual({ ok: true, id: ID });
    expect(verify([NEW_KEY, OLD_KEY], headers({ signature: `${sigOld()} ${sigNew()}` }), BODY, NOW)).toEqual({ ok: true, id: ID });
  });

  it('only the old key configured: old-only accepted, new-only rejected', () => {
    expect(verify([OLD_KEY], headers({ signature: sigOld() }), BODY, NOW)).toEqual({ ok: true, id: ID });
    expectRejected([OLD_KEY], headers({ signature: sigNew() }), BODY, 'signature_mismatch');
  });

  it('only the new key configured (old retired): new-only accepted, old-only rejected, both accepted', () => {
    expect(verify([NEW_KEY], headers({ signature: sigNew() }), BODY, NOW)).toEqual({ ok: true, id: ID });
    expectRejected([NEW_KEY], headers({ signature: sigOld() }), BODY, 'signature_mismatch');
    expect(verify([NEW_KEY], headers({ signature: `${sigOld()} ${sigNew()}` }), BODY, NOW)).toEqual({ ok: true, id: ID });
  });

  it("accepts 'v1,garbage v1,<valid>'", () => {
    expect(verify([NEW_KEY], headers({ signature: `v1,garbage ${sigNew()}` }), BODY, NOW)).toEqual({ ok: true, id: ID });
    expect(verify(both, headers({ signature: `v1,garbage ${sigNew()}` }), BODY, NOW)).toEqual({ ok: true, id: ID });
  });

  it("accepts a valid v1 entry among other schemes and malformed entries, in any position", () => {
    const valid = sigNew();
    for (const sig of [`v2,abc ${valid}`, `${valid} v1,garbage`, `v1, ${valid}`, `v1,!!! v1,AA== ${valid} v2,${valid.slice(3)}`]) {
      expect(verify([NEW_KEY], headers({ signature: sig }), BODY, NOW)).toEqual({ ok: true, id: ID });
    }
  });

  it('rejects when none of several presented signatures matches any configured key', () => {
    const stranger = headers({}, randomBytes(32)).signature!;
    expectRejected(both, headers({ signature: `v1,garbage ${stranger} v1,` }), BODY, 'signature_mismatch');
  });
});
