import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. `drop` resets the connection; `hang` never answers (client timeout). */
export interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  drop?: boolean;
  hang?: boolean;
}

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When the request arrived (ms, monotonic). */
  at: number;
}

export type Script = Scripted[] | ((req: Recorded, index: number) => Scripted);

/**
 * A real HTTP server that answers from a script, in order (the last entry repeats), and records
 * every request, so retries are observed on the wire rather than through a mocked fetch.
 */
export async function startScriptServer(script: Script) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() };
      const index = requests.push(rec) - 1;
      const step = typeof script === 'function' ? script(rec, index) : (script[Math.min(index, script.length - 1)] ?? {});
      if (step.drop) {
        req.socket.destroy();
        return;
      }
      if (step.hang) return;
      const body = step.body === undefined ? '' : JSON.stringify(step.body);
      res.writeHead(step.status ?? 200, { 'content-type': 'application/json', ...step.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ScriptServer = Awaited<ReturnType<typeof startScriptServer>>;

/** A 202 batch answer accepting every event of the request. */
export function acceptAll(req: Recorded): Scripted {
  const { events } = JSON.parse(req.body) as { events: Array<{ event_id: string }> };
  const results = events.map((e) => ({ event_id: e.event_id, status: 'accepted' }));
  return { status: 202, body: { results, counts: { accepted: results.length, duplicate: 0, dropped: 0, invalid: 0 } } };
}

export const envelope = (code: string, message: string, details?: unknown) => ({ error: { code, message, ...(details === undefined ? {} : { details }) } });
