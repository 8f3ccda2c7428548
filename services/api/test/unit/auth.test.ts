import * as crypto from 'node:crypto';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiKey } from '../../src/config';
import { requireScope, type Scope } from '../../src/plugins/auth';

// Counts SHA-256 digests: the guard hashes a presented key only the first time it admits it.
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return { ...real, createHash: vi.fn(real.createHash) };
});
const createHash = vi.mocked(crypto.createHash);

const key = (id: string, secret: string): ApiKey => ({ id, secret: Buffer.from(secret) });

async function appWith(keys: Record<Scope, ApiKey[]>) {
  const app = Fastify();
  app.get('/ingest', { onRequest: requireScope('ingest', keys) }, async (req) => ({ key: req.apiKeyId }));
  await app.ready();
  const call = (secret: string) => app.inject({ url: '/ingest', headers: { authorization: `Bearer ${secret}` } });
  return { app, call };
}

afterEach(() => {
  createHash.mockClear();
});

describe('the auth guard remembers the keys it admitted', () => {
  it('hashes a presented key once, not on every request', async () => {
    const { call } = await appWith({ ingest: [key('i1', 'ingest-secret')], read: [], privacy: [] });
    expect((await call('ingest-secret')).json()).toEqual({ key: 'i1' });
    const digestsForFirst = createHash.mock.calls.length;
    expect(digestsForFirst).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await call('ingest-secret')).json()).toEqual({ key: 'i1' });
    expect(createHash.mock.calls.length).toBe(digestsForFirst);
  });

  it('a key removed from the list stops working at the next request, though it was admitted before', async () => {
    const ingest = [key('i1', 'ingest-secret'), key('i2', 'other-secret')];
    const { call } = await appWith({ ingest, read: [], privacy: [] });
    expect((await call('ingest-secret')).statusCode).toBe(200);
    ingest.splice(0, 1);
    expect((await call('ingest-secret')).statusCode).toBe(401);
    expect((await call('ingest-secret')).statusCode).toBe(401);
    expect((await call('other-secret')).json()).toEqual({ key: 'i2' });
  });

  it('a rotated key: the new secret works, the old one is refused at once', async () => {
    const ingest = [key('i1', 'old-secret')];
    const { call } = await appWith({ ingest, read: [], privacy: [] });
    expect((await call('old-secret')).statusCode).toBe(200);
    ingest[0] = key('i1', 'new-secret');
    expect((await call('old-secret')).statusCode).toBe(401);
    expect((await call('new-secret')).json()).toEqual({ key: 'i1' });
  });

  it('never remembers a refused key: a wrong or other-scope key is checked every time', async () => {
    const { call } = await appWith({ ingest: [key('i1', 'ingest-secret')], read: [key('r1', 'read-secret')], privacy: [] });
    for (let i = 0; i < 2; i++) {
      expect((await call('read-secret')).statusCode).toBe(403);
      expect((await call('wrong-secret')).statusCode).toBe(401);
    }
  });
});
