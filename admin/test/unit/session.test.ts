import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashPassword, type StaffAccount, type StaffCredentials } from '@cbc/staff';

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

process.env.API_URL = 'http://127.0.0.1:1';
process.env.READ_API_KEYS = 'dash:read-secret-0123456789';
process.env.ADMIN_DATABASE_URL = 'postgres://cbc_admin:pw@127.0.0.1:1/cbc';
process.env.REDIS_URL = '';
process.env.LOGIN_MAX_ATTEMPTS = '3';

const { login, logout, requireApi, resolveSession, clientIp } = await import('@/lib/server/session');
const { MemorySessionStore, RedisSessionStore, StoreUnavailableError } = await import('@/lib/server/session-store');
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

  it('takes the address the nearest proxy saw', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.2' }))).toBe('10.0.0.2');
    expect(clientIp(new Headers())).toBe('unknown');
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
