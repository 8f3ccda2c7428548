import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import net from 'node:net';

const run = promisify(execFile);

/** The Debian `redis-server`, when installed. `make test` installs it; `make up` can do without. */
export function redisServerPath(): string | null {
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(p)) return p;
  return null;
}

export interface RedisInstance {
  url: string;
  port: number;
  dir: string;
}

/** A throwaway Redis on loopback: no persistence, daemonized with a pid file so it can be stopped. */
export async function startRedis(opts: { dir: string; port: number }): Promise<RedisInstance> {
  const bin = redisServerPath();
  if (!bin) throw new Error('redis-server is not installed (apt-get install -y redis-server)');
  await mkdir(opts.dir, { recursive: true });
  const url = `redis://127.0.0.1:${opts.port}`;
  if (!(await isRedisRunning(opts.dir))) {
    await run(bin, [
      '--port', String(opts.port),
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'no',
      '--daemonize', 'yes',
      '--dir', opts.dir,
      '--pidfile', join(opts.dir, 'redis.pid'),
      '--logfile', join(opts.dir, 'redis.log'),
    ]);
    await waitForPort(opts.port, 10_000);
  }
  return { url, port: opts.port, dir: opts.dir };
}

function redisPid(dir: string): number | null {
  const file = join(dir, 'redis.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export async function isRedisRunning(dir: string): Promise<boolean> {
  const pid = redisPid(dir);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function stopRedis(dir: string): Promise<void> {
  const pid = redisPid(dir);
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
