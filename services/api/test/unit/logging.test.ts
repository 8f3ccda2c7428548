import { PassThrough } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions, requestLogging } from '../../src/logging';

// Request loggers are made lazily (logging.ts): these tests hold the lines that must still be
// written — request lines at info, a route's own lines and errors at any level — to carry the
// request id, and the request lines to stay out below info.

async function appAt(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
  });
  const app = Fastify({ logger: loggerOptions(level, stream), ...requestLogging() });
  app.get('/quiet', async () => ({ ok: true }));
  app.get('/warns', async (req) => {
    req.log.warn({ detail: 'x' }, 'route warning');
    return { ok: true };
  });
  app.get('/fails', async () => {
    throw new Error('boom');
  });
  app.get('/child', async (req) => {
    req.log.child({ part: 'inner' }).error('from a child');
    return { ok: true };
  });
  app.get('/verbose', async (req) => {
    req.log.level = 'debug';
    req.log.debug('now visible');
    return { ok: true };
  });
  await app.ready();
  const flush = () => new Promise((r) => setImmediate(r));
  return { app, lines, flush };
}

describe('request logging', () => {
  it('at info: both request lines, with the request id and the truncated network', async () => {
    const { app, lines, flush } = await appAt('info');
    await app.inject({ url: '/quiet', remoteAddress: '203.0.113.99' });
    await flush();
    const mine = lines.filter((l) => l.reqId !== undefined);
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(new Set(mine.map((l) => l.reqId)).size).toBe(1);
    expect(JSON.stringify(mine)).toContain('203.0.113.0');
    expect(JSON.stringify(mine)).not.toContain('203.0.113.99');
    await app.close();
  });

  it('at warn: no request lines, but a route warning, a child logger and a 500 keep the request id', async () => {
    const { app, lines, flush } = await appAt('warn');
    await app.inject({ url: '/quiet' });
    await app.inject({ url: '/warns' });
    await app.inject({ url: '/child' });
    expect((await app.inject({ url: '/fails' })).statusCode).toBe(500);
    await flush();
    expect(lines.map((l) => l.msg)).toEqual(['route warning', 'from a child', 'boom']);
    for (const l of lines) expect(l.reqId).toMatch(/^req-/);
    expect(lines[1]!.part).toBe('inner');
    expect(lines[2]!.level).toBe(50);
    await app.close();
  });

  it('a level change on the request logger applies to that request only', async () => {
    const { app, lines, flush } = await appAt('warn');
    await app.inject({ url: '/verbose' });
    await app.inject({ url: '/quiet' });
    await flush();
    // Its own completion line included (now at a level it writes); the next request writes none.
    expect(lines.map((l) => l.msg)).toEqual(['now visible', 'request completed']);
    expect(new Set(lines.map((l) => l.reqId)).size).toBe(1);
    await app.close();
  });
});
