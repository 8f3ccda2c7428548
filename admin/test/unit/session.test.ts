import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as crypto from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashPassword, PASSWORD_MAX_LENGTH, SCRYPT_PARAMS, type StaffAccount, type StaffCredentials } from '@cbc/staff';

// Every scrypt run is recorded (and still computed): the proof that a login did the work.
const kdf = vi.hoisted(() => ({ calls: [] as { password: string; keyLength: number; options: crypto.ScryptOptions }[] }));
vi.mock('node:crypto', async (orig) => {
  const real = await orig<typeof import('node:crypto')>();
  const scrypt = (password: string, salt: Buffer, keyLength: number, options: crypto.ScryptOptions, cb: (err: Error | null, key: Buffer) => void) => {
    kdf.calls.push({ password, keyLength, options });
    real.scrypt(password, salt, keyLength, options, cb);
  };
  return { ...real, scrypt };
});

// The account SQL is @cbc/staff's (tested against PostgreSQL there); here it is an in-memory
// table so the session logic can be driven through every branch.
const accounts = new Map<string, StaffCredentials>();
let dbDown = false;
vi.mock('@cbc/staff', async (orig) => {
  const real = await orig<typeof import('@cbc/staff')>();
  const check = () => {
    if (dbDown) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  };
  return {
    ...real,
    findCredentialsByEmail: async (_db: unknown, email: string) => (check(), [...accounts.values()].find((a) => a.email === email) ?? null),
    findStaffById: async (_db: unknown, id: string) => (check(), accounts.get(id) ?? null),
    recordLogin: async () => check(),
    setStaffPassword: async () => check(),
  };
});

// Every login runs scrypt, seconds apart on a loaded machine. A test that timed out would leave
// its logins running into the next test's fresh store (failures counted there, limits hit
// early), so the whole file gets a deadline only a hang reaches.
vi.setConfig({ testTimeout: 60_000 });

process.env.API_URL = 'http://127.0.0.1:1';
process.env.READ_API_KEYS = 'dash:read-secret-0123456789';
process.env.ADMIN_DATABASE_URL = 'postgres://cbc_admin:pw@127.0.0.1:1/cbc';
process.env.REDIS_URL = '';
process.env.LOGIN_MAX_ATTEMPTS = '3';
process.env.LOGIN_MAX_ATTEMPTS_PER_EMAIL = '5';
process.env.LOGIN_WINDOW_SECONDS = '900';
process.env.TRUSTED_PROXIES = '10.0.0.0/8, fd00::/8';

const { login, logout, requireApi, resolveSession, clientIp } = await import('@/lib/server/session');
const { MemorySessionStore, RedisSessionStore, StoreUnavailableError } = await import('@/lib/server/session-store');
const { clientAddress, installPeerAddressHook, parseTrustedProxies, PEER_HEADER } = await import('@/lib/server/session-address');
const { POST } = await import('@/app/api/auth/login/route');
const { NextRequest } = await import('next/server');
const { Redis } = await import('ioredis');

const KEY = Symbol.for('cbc.admin.sessionStore');
const useStore = (s: unknown) => ((globalThis as Record<symbol, unknown>)[KEY] = s);

function account(id: string, email: string, role: StaffAccount['role'], passwordHash: string): StaffCredentials {
  return { staffId: id, email, role, passwordHash, createdAt: '', updatedAt: '', lastLoginAt: null, disabledAt: null };
}

const PASSWORD = 'a long enough password';
let hash: string;
beforeAll(async () => {
  hash = await hashPassword(PASSWORD);
});
beforeEach(() => {
  useStore(new MemorySessionStore());
  accounts.clear();
  accounts.set('11111111-1111-4111-8111-111111111111', account('11111111-1111-4111-8111-111111111111', 'viewer@cbc.test', 'viewer', hash));
  accounts.set('22222222-2222-4222-8222-222222222222', account('22222222-2222-4222-8222-222222222222', 'officer@cbc.test', 'privacy_officer', hash));
  dbDown = false;
});

const ok = async (email = 'viewer@cbc.test', ip = '10.0.0.1', previousSid?: string) => {
  const r = await login({ email, password: PASSWORD, ip, ...(previousSid ? { previousSid } : {}) });
  if (r.kind !== 'ok') throw new Error(`login: ${r.kind}`);
  return r;
};

function request(opts: { sid?: string; origin?: string; csrf?: string; host?: string } = {}) {
  const headers = new Headers({ host: opts.host ?? '127.0.0.1:3001' });
  if (opts.origin) headers.set('origin', opts.origin);
  if (opts.csrf) headers.set('x-csrf-token', opts.csrf);
  const req = new Request('http://127.0.0.1:3001/api/privacy/export', { method: 'POST', headers });
  return Object.assign(req, { cookies: { get: (n: string) => (n === 'cbc_session' && opts.sid ? { value: opts.sid } : undefined) } });
}

describe('login', () => {
  it('opens a session with a fresh random id and a CSRF token', async () => {
    const r = await ok();
    expect(r.sid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.session).toMatchObject({ email: 'viewer@cbc.test', role: 'viewer' });
    expect(r.session.csrf).toHaveLength(43);
    expect((await resolveSession(r.sid)).status).toBe('ok');
  });

  it('renews the id at login: the previous session dies', async () => {
    const first = await ok();
    const second = await ok('viewer@cbc.test', '10.0.0.1', first.sid);
    expect(second.sid).not.toBe(first.sid);
    expect((await resolveSession(first.sid)).status).toBe('anonymous');
    expect((await resolveSession(second.sid)).status).toBe('ok');
  });

  it('refuses wrong passwords, unknown and disabled accounts alike', async () => {
    expect((await login({ email: 'viewer@cbc.test', password: 'wrong password!', ip: '1' })).kind).toBe('invalid');
    expect((await login({ email: 'nobody@cbc.test', password: PASSWORD, ip: '1' })).kind).toBe('invalid');
    expect((await login({ email: 'not an email', password: PASSWORD, ip: '1' })).kind).toBe('invalid');
    accounts.get('11111111-1111-4111-8111-111111111111')!.disabledAt = new Date().toISOString();
    expect((await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '1' })).kind).toBe('invalid');
  });

  it('is rate-limited per email and address', async () => {
    for (let i = 0; i < 3; i++) expect((await login({ email: 'viewer@cbc.test', password: 'wrong password!', ip: '10.9.9.9' })).kind).toBe('invalid');
    expect((await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '10.9.9.9' })).kind).toBe('rate_limited');
    // Another address still gets in: the limit is per email + address.
    expect((await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '10.9.9.10' })).kind).toBe('ok');
  });

  it('fails closed when the session store is down', async () => {
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    useStore(new RedisSessionStore(redis, 't:'));
    expect((await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '1' })).kind).toBe('unavailable');
    expect((await resolveSession('some-session-id')).status).toBe('unavailable');
    const res = await requireApi(request({ sid: 'some-session-id' }), 'viewer');
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(503);
    const body = await (res as Response).text();
    expect(body).not.toMatch(/connection|ECONN|closed/i);
    redis.disconnect();
  });

  it('fails closed when the account database is down', async () => {
    dbDown = true;
    expect((await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '1' })).kind).toBe('unavailable');
  });
});

describe('sessions', () => {
  it('logout destroys the session: the old id is rejected afterwards', async () => {
    const r = await ok();
    await logout(r.sid);
    expect((await resolveSession(r.sid)).status).toBe('anonymous');
  });

  it('follows the account: a disabled account or a new role applies on the next request', async () => {
    const r = await ok();
    accounts.get('11111111-1111-4111-8111-111111111111')!.role = 'operator';
    const s = await resolveSession(r.sid);
    expect(s.status === 'ok' && s.session.role).toBe('operator');
    accounts.get('11111111-1111-4111-8111-111111111111')!.disabledAt = new Date().toISOString();
    expect((await resolveSession(r.sid)).status).toBe('anonymous');
  });

  it('ends at the absolute limit however active', async () => {
    const r = await ok();
    expect((await resolveSession(r.sid, Date.now() + 13 * 3600_000)).status).toBe('anonymous');
  });

});

describe('route handler guard (requireApi)', () => {
  const ORIGIN = 'http://127.0.0.1:3001';

  it('401 without a session, 403 for a role below the route’s', async () => {
    expect(((await requireApi(request(), 'viewer')) as Response).status).toBe(401);
    const viewer = await ok();
    const res = (await requireApi(request({ sid: viewer.sid, origin: ORIGIN, csrf: viewer.session.csrf }), 'privacy_officer', { mutation: true })) as Response;
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });

  it('state-changing requests need this origin and the session’s CSRF token', async () => {
    const officer = await ok('officer@cbc.test');
    const go = (o: Parameters<typeof request>[0]) => requireApi(request({ sid: officer.sid, ...o }), 'privacy_officer', { mutation: true });
    expect(((await go({ csrf: officer.session.csrf })) as Response).status).toBe(403); // no Origin
    expect(((await go({ origin: 'http://evil.example', csrf: officer.session.csrf })) as Response).status).toBe(403);
    const noToken = (await go({ origin: ORIGIN })) as Response;
    expect(noToken.status).toBe(403);
    expect((await noToken.json()).error.code).toBe('csrf');
    expect(((await go({ origin: ORIGIN, csrf: 'forged' })) as Response).status).toBe(403);
    const s = await go({ origin: ORIGIN, csrf: officer.session.csrf });
    expect(s).not.toBeInstanceOf(Response);
    expect(s).toMatchObject({ email: 'officer@cbc.test', role: 'privacy_officer' });
  });

  it('reads are not CSRF-checked but still need the session', async () => {
    const viewer = await ok();
    expect(await requireApi(request({ sid: viewer.sid }), 'viewer')).toMatchObject({ role: 'viewer' });
  });
});

describe('session store', () => {
  it('stores ids hashed, counts windows, ends every session of one person', async () => {
    const store = new MemorySessionStore();
    const rec = { staffId: 's1', email: 'a@b.cd', role: 'viewer' as const, csrf: 't', createdAt: 0, lastSeenAt: 0 };
    await store.put('sid-1', rec, 60);
    await store.put('sid-2', rec, 60);
    await store.put('sid-3', { ...rec, staffId: 's2' }, 60);
    expect(JSON.stringify([...(store as unknown as { sessions: Map<string, unknown> }).sessions.keys()])).not.toContain('sid-1');
    expect(await store.destroyAllFor('s1')).toBe(2);
    expect(await store.get('sid-1')).toBeNull();
    expect(await store.get('sid-3')).not.toBeNull();
    expect([await store.hit('k', 60), await store.hit('k', 60)]).toEqual([1, 2]);
    await store.reset('k');
    expect(await store.hit('k', 60)).toBe(1);
  });

  it('the Redis store turns any failure into StoreUnavailableError', async () => {
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    await expect(new RedisSessionStore(redis, 't:').get('x')).rejects.toBeInstanceOf(StoreUnavailableError);
    redis.disconnect();
  });
});

describe('login work does not depend on the account (no enumeration by timing)', () => {
  afterEach(() => vi.useRealTimers());
  const LONG = 'p'.repeat(PASSWORD_MAX_LENGTH + 1);
  const cases: [string, string, string][] = [
    ['a known account, wrong password', 'viewer@cbc.test', 'wrong password!'],
    ['a known account, over-long password', 'viewer@cbc.test', LONG],
    ['an unknown email', 'nobody@cbc.test', 'wrong password!'],
    ['an unknown email, over-long password', 'nobody@cbc.test', LONG],
    ['a malformed email', 'not an email', 'wrong password!'],
    ['an empty password', 'viewer@cbc.test', ''],
  ];

  it.each(cases)('%s: refused after exactly one scrypt run with the accounts’ parameters', async (_, email, password) => {
    kdf.calls.length = 0;
    expect((await login({ email, password, ip: '10.1.1.1' })).kind).toBe('invalid');
    expect(kdf.calls).toHaveLength(1);
    expect(kdf.calls[0]!.options).toMatchObject({ N: 2 ** SCRYPT_PARAMS.log2N, r: SCRYPT_PARAMS.r, p: SCRYPT_PARAMS.p });
    expect(kdf.calls[0]!.keyLength).toBe(SCRYPT_PARAMS.keyLength);
    expect(kdf.calls[0]!.password.length).toBeLessThanOrEqual(PASSWORD_MAX_LENGTH);
  });

  it('unknown and known emails meet the same limits in the same order', async () => {
    // The clock stands still: on a loaded machine a second could pass between two failures of
    // one run and not the other, and the runs would differ by the slow-down's wait, not by email.
    vi.useFakeTimers({ toFake: ['Date'] });
    const run = async (email: string) => {
      const kinds: string[] = [];
      for (let i = 0; i < 8; i++) kinds.push((await login({ email, password: 'wrong password!', ip: `192.0.2.${i}` })).kind);
      return kinds;
    };
    expect(await run('nobody@cbc.test')).toEqual(await run('viewer@cbc.test'));
  });
});

describe('client address', () => {
  const { ranges } = parseTrustedProxies('10.0.0.0/8, fd00::/8, 192.0.2.7');

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('203.0.113.5', '198.51.100.1', ranges)).toBe('203.0.113.5');
    expect(clientAddress('::ffff:203.0.113.5'.replace('::ffff:', ''), '10.0.0.9', ranges)).toBe('203.0.113.5');
  });

  it('walks X-Forwarded-For from the right past trusted proxies only', () => {
    // The client wrote the first two entries itself; the proxy at 10.0.0.2 appended what it saw.
    expect(clientAddress('10.0.0.2', '1.1.1.1, 2.2.2.2, 198.51.100.7', ranges)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '198.51.100.7, 10.0.0.3', ranges)).toBe('198.51.100.7');
    expect(clientAddress('192.0.2.7', '2001:db8::1', ranges)).toBe('2001:db8::1');
    expect(clientAddress('10.0.0.2', 'garbage', ranges)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', null, ranges)).toBe('10.0.0.2');
    expect(clientAddress(null, '198.51.100.7', ranges)).toBe('unknown');
  });

  it('a peer header the hook did not write counts for nothing', () => {
    installPeerAddressHook();
    expect(clientIp(new Headers({ [PEER_HEADER]: '10.0.0.1', 'x-forwarded-for': '198.51.100.1' }))).toBe('unknown');
    expect(clientIp(new Headers({ 'x-forwarded-for': '198.51.100.1' }))).toBe('unknown');
  });

  it('refuses a malformed TRUSTED_PROXIES entry', () => {
    expect(parseTrustedProxies('10.0.0.0/33, nope, 10.0.0.1/x, ::1/129').problems).toHaveLength(4);
    expect(parseTrustedProxies('').problems).toEqual([]);
  });

  it('behind Node’s HTTP server: the socket address, whatever the client claims', async () => {
    installPeerAddressHook();
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      for (const forged of ['198.51.100.1', '10.0.0.1', '198.51.100.2, 10.0.0.1']) {
        await fetch(url, { headers: { 'x-forwarded-for': forged, [PEER_HEADER]: '10.0.0.1' } });
      }
    } finally {
      server.close();
    }
    expect(seen).toHaveLength(3);
    for (const h of seen) {
      expect(h[PEER_HEADER]).toMatch(/^\S+ (::ffff:)?127\.0\.0\.1$/);
      const bag = { get: (n: string) => (h[n] === undefined ? null : String(h[n])) };
      expect(clientIp(bag)).toBe('127.0.0.1');
    }
  });
});

describe('per-account slow-down (no lockout)', () => {
  afterEach(() => vi.useRealTimers());

  const attack = async (n: number, email = 'viewer@cbc.test') => {
    const kinds: string[] = [];
    for (let i = 0; i < n; i++) kinds.push((await login({ email, password: `guess number ${i}!`, ip: `198.51.100.${i % 250}` })).kind);
    return kinds;
  };

  it('slows a stranger rotating addresses down: 429 after the free failures, never a lockout', { timeout: 60_000 }, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await attack(5)).toEqual(Array(5).fill('invalid'));
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) {
      const r = await login({ email: 'viewer@cbc.test', password: 'guess again!', ip: `203.0.113.${i}` });
      expect(r.kind).toBe('rate_limited');
      waits.push(r.kind === 'rate_limited' ? r.retryAfterSeconds : -1);
      vi.advanceTimersByTime(waits.at(-1)! * 1000); // wait as told; the next attempt is let through
      expect((await login({ email: 'viewer@cbc.test', password: 'guess again!', ip: `203.0.114.${i}` })).kind).toBe('invalid');
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]);
    // The owner, on a browser the account has never seen, waits too, but then gets in.
    const r = await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '192.0.2.1' });
    expect(r.kind === 'rate_limited' && r.retryAfterSeconds).toBe(900);
    vi.advanceTimersByTime(900_000);
    expect((await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '192.0.2.1' })).kind).toBe('ok');
  });

  it('a parallel burst gets one attempt, not one each', { timeout: 60_000 }, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await attack(4)).toEqual(Array(4).fill('invalid'));
    kdf.calls.length = 0;
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => login({ email: 'viewer@cbc.test', password: 'parallel guess', ip: `203.0.113.${i}` })));
    expect(burst.map((r) => r.kind).sort()).toEqual(['invalid', ...Array(9).fill('rate_limited')]);
    expect(kdf.calls).toHaveLength(1);
  });

  it('never stops the owner’s device-cookie login, however many strangers fail', { timeout: 60_000 }, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const first = await ok('viewer@cbc.test', '192.0.2.1');
    expect(first.deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await attack(60)).toContain('rate_limited');
    // Even from an address the attacker used, and after mistyping a few times.
    for (let i = 0; i < 2; i++) expect((await login({ email: 'viewer@cbc.test', password: 'a typo', ip: '198.51.100.0', deviceToken: first.deviceToken })).kind).toBe('invalid');
    const again = await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '198.51.100.0', deviceToken: first.deviceToken });
    expect(again.kind).toBe('ok');
    // The device token is renewed at each sign-in; the old one no longer counts.
    const renewed = again.kind === 'ok' ? again.deviceToken : '';
    expect(renewed).not.toBe(first.deviceToken);
    expect((await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '192.0.2.1', deviceToken: first.deviceToken })).kind).toBe('rate_limited');
    expect((await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '192.0.2.1', deviceToken: renewed })).kind).toBe('ok');
  });

  it('a device cookie is only good for its own account, and slows down on its own', { timeout: 60_000 }, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const officer = await ok('officer@cbc.test', '192.0.2.1');
    await attack(60);
    expect((await login({ email: 'viewer@cbc.test', password: PASSWORD, ip: '192.0.2.1', deviceToken: officer.deviceToken })).kind).toBe('rate_limited');
    const stolen = (await ok('officer@cbc.test', '192.0.2.1')).deviceToken;
    const guesses: string[] = [];
    for (let i = 0; i < 6; i++) guesses.push((await login({ email: 'officer@cbc.test', password: `guess ${i} here`, ip: `198.51.100.${i}`, deviceToken: stolen })).kind);
    expect(guesses).toEqual(['invalid', 'invalid', 'invalid', 'rate_limited', 'rate_limited', 'rate_limited']);
  });
});

describe('POST /api/auth/login', () => {
  afterEach(() => vi.useRealTimers());
  const ORIGIN = 'http://127.0.0.1:3001';
  beforeAll(() => installPeerAddressHook());
  let peer = 0;
  // As the peer-address hook writes it (with this process's stamp): a new address every time.
  const stamped = () => `${(globalThis as Record<symbol, string>)[Symbol.for('cbc.admin.peerAddressStamp')]} 198.51.100.${++peer}`;
  const post = (email: string, password: string, cookie?: string) =>
    POST(
      new NextRequest(`${ORIGIN}/api/auth/login`, {
        method: 'POST',
        headers: {
          host: '127.0.0.1:3001',
          origin: ORIGIN,
          'content-type': 'application/x-www-form-urlencoded',
          [PEER_HEADER]: stamped(),
          ...(cookie ? { cookie } : {}),
        },
        body: new URLSearchParams({ email, password }).toString(),
      }),
    );

  it('answers 429 with Retry-After while the account is slowed down, and sets a device cookie on success', { timeout: 60_000 }, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const good = await post('viewer@cbc.test', PASSWORD);
    expect(good.status).toBe(303);
    const device = good.headers.getSetCookie().find((c) => c.startsWith('cbc_device='))!;
    expect(device).toMatch(/Max-Age=2592000/);
    expect(device).toMatch(/HttpOnly/i);
    for (let i = 0; i < 5; i++) expect((await post('viewer@cbc.test', `wrong guess ${i}`)).status).toBe(303);
    const slowed = await post('viewer@cbc.test', PASSWORD);
    expect(slowed.status).toBe(429);
    expect(slowed.headers.get('retry-after')).toBe('1');
    expect(await slowed.text()).toMatch(/Wait 1 second,/);
    // The browser that signed in before is not slowed down.
    expect((await post('viewer@cbc.test', PASSWORD, device.split(';')[0])).status).toBe(303);
    vi.advanceTimersByTime(1000);
    expect((await post('viewer@cbc.test', PASSWORD)).status).toBe(303);
  });
});
