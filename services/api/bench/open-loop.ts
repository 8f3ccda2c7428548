// Fixed-rate, open-loop HTTP/1.1 load (wrk2-style). Request k is *scheduled* at start + k/rate
// whatever happened to the earlier ones, and its latency is measured from that scheduled instant,
// so time spent queued behind a slow server (on a busy socket, or in the backlog when every
// socket is busy) counts: no coordinated omission.
//
// Why not `autocannon -R`: autocannon 8 gives each connection a budget of rate/connections
// requests per second that it spends back-to-back as fast as responses come, then pauses until
// the next one-second tick (lib/httpClient.js, `reqsMadeThisSecond`). At 50 % of capacity that is
// a closed-loop burst at full concurrency for half of every second and silence for the other
// half, and its latency histogram is "corrected" with an expected interval of ceil(1/rate) = 1 ms
// (lib/run.js), which adds synthetic samples. Neither is the fixed rate the protocol asks for.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface OpenLoopOptions {
  port: number;
  path: string;
  headers: Record<string, string>;
  /** Builds the next body when the request is actually written; `id` is handed back on 202. */
  next: () => { id: string; body: string };
  rate: number;
  durationMs: number;
  maxSockets?: number;
  /** How long to wait for in-flight requests after the last one is scheduled. */
  drainTimeoutMs?: number;
  onAccepted?: (id: string, index: number, ackAt: number) => void;
}

export interface OpenLoopResult {
  scheduled: number;
  completed: number;
  status: Record<string, number>;
  errors: number;
  /** Still in the backlog or in flight when the drain timed out (their latency is a lower bound). */
  unfinished: number;
  /** Requests that waited for a free socket (the server could not keep up). */
  backlogged: number;
  socketsUsed: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  elapsedS: number;
}

interface Pending {
  index: number;
  scheduled: number;
  id: string;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const maxSockets = o.maxSockets ?? 256;
  const interval = 1000 / o.rate;
  const total = Math.max(1, Math.floor((o.durationMs / 1000) * o.rate));
  const head =
    `POST ${o.path} HTTP/1.1\r\nHost: 127.0.0.1:${o.port}\r\nConnection: keep-alive\r\n` +
    Object.entries(o.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');

  const latencies = new Float64Array(total);
  let nLat = 0;
  const status: Record<string, number> = {};
  let completed = 0;
  let errors = 0;
  let backlogged = 0;
  let inflight = 0;
  const backlog: Pending[] = [];

  class Conn {
    sock: net.Socket;
    buf: Buffer | null = null;
    current: Pending | null = null;
    dead = false;
    constructor() {
      this.sock = net.connect(o.port, '127.0.0.1');
      this.sock.setNoDelay(true);
      this.sock.on('data', (chunk) => this.onData(chunk));
      const fail = () => {
        if (this.dead) return;
        this.dead = true;
        conns.delete(this);
        idle.delete(this);
        if (this.current) {
          errors++;
          inflight--;
          this.current = null;
        }
        pump();
      };
      this.sock.on('error', fail);
      this.sock.on('close', fail);
    }
    send(p: Pending) {
      this.current = p;
      inflight++;
      const { id, body } = o.next();
      p.id = id;
      this.sock.write(`${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    }
    onData(chunk: Buffer) {
      this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
      for (;;) {
        const end: number = this.buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headers = this.buf.toString('latin1', 0, end);
        if (/\r\ntransfer-encoding:\s*chunked/i.test(headers)) throw new Error('open-loop client: chunked responses are not supported');
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
        const len = m ? Number(m[1]) : 0;
        if (this.buf.length < end + 4 + len) return;
        const code = headers.slice(9, 12);
        this.buf = this.buf.length > end + 4 + len ? this.buf.subarray(end + 4 + len) : null;
        this.complete(code);
        if (!this.buf) return;
      }
    }
    complete(code: string) {
      const now = performance.now();
      const p = this.current!;
      this.current = null;
      inflight--;
      completed++;
      status[code] = (status[code] ?? 0) + 1;
      latencies[nLat++] = now - p.scheduled;
      if (code === '202') o.onAccepted?.(p.id, p.index, now);
      const waiting = backlog.shift();
      if (waiting) this.send(waiting);
      else idle.add(this);
    }
  }

  const conns = new Set<Conn>();
  const idle = new Set<Conn>();

  function dispatch(p: Pending) {
    const it = idle.values().next();
    if (!it.done) {
      idle.delete(it.value);
      it.value.send(p);
    } else if (conns.size < maxSockets) {
      const c = new Conn();
      conns.add(c);
      c.send(p);
    } else {
      backlogged++;
      backlog.push(p);
    }
  }

  /** After a socket died: hand the backlog to new sockets. */
  function pump() {
    while (backlog.length > 0 && conns.size < maxSockets) {
      const c = new Conn();
      conns.add(c);
      c.send(backlog.shift()!);
    }
  }

  const start = performance.now();
  let k = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (k < total && start + k * interval <= now) {
        dispatch({ index: k, scheduled: start + k * interval, id: '' });
        k++;
      }
      if (k < total) setTimeout(tick, Math.max(0, start + k * interval - performance.now()));
      else resolve();
    };
    tick();
  });

  const deadline = performance.now() + (o.drainTimeoutMs ?? 5000);
  while ((inflight > 0 || backlog.length > 0) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const end = performance.now();
  // Whatever is still waiting gets its latency so far: a lower bound, and counted as unfinished.
  const unfinished = inflight + backlog.length;
  for (const c of conns) if (c.current) latencies[nLat++] = end - c.current.scheduled;
  for (const p of backlog) latencies[nLat++] = end - p.scheduled;
  const socketsUsed = conns.size;
  for (const c of conns) {
    c.dead = true;
    c.sock.destroy();
  }

  const sorted = latencies.subarray(0, nLat).sort();
  return {
    scheduled: total,
    completed,
    status,
    errors,
    unfinished,
    backlogged,
    socketsUsed,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    elapsedS: (end - start) / 1000,
  };
}
