import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startApp, type TestApp } from '../support/app';

// Requests inject() cannot send (bad URLs, contradictory framing, oversized headers, unknown
// methods) go over a real socket to the listening app, and every answer must be our envelope.
let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await startApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => t.close());

interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/** Sends raw bytes and reads until the server closes or a complete response arrived. */
function raw(request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const done = () => {
      socket.destroy();
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head, body: rest.join('\r\n\r\n') });
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      const length = /\r\ncontent-length: (\d+)/i.exec(data)?.[1];
      const bodyStart = data.indexOf('\r\n\r\n');
      if (length !== undefined && bodyStart >= 0 && Buffer.byteLength(data.slice(bodyStart + 4)) >= Number(length)) done();
    });
    socket.on('end', done);
    socket.on('error', (err) => (data ? done() : reject(err)));
    socket.write(request);
  });
}

const envelope = (r: RawResponse) => JSON.parse(r.body) as { error: { code: string; message: string } };
const bearer = `authorization: ${auth.authorization}\r\n`;

describe('errors fastify or node raise themselves use the envelope', () => {
  it.each([
    ['a URL that does not decode', 'GET /%zz HTTP/1.1\r\nhost: x\r\n\r\n', 400, 'bad_request'],
    ['a bad URL on a real route', 'GET /metrics/%E0%A4%A HTTP/1.1\r\nhost: x\r\n\r\n', 400, 'bad_request'],
    ['malformed JSON', `POST /ingest/event HTTP/1.1\r\nhost: x\r\n${bearer}content-type: application/json\r\ncontent-length: 5\r\n\r\n{"a":`, 400, 'malformed_json'],
    ['a wrong content type', `POST /ingest/event HTTP/1.1\r\nhost: x\r\n${bearer}content-type: text/csv\r\ncontent-length: 3\r\n\r\na,b`, 415, 'unsupported_media_type'],
    ['a body over the limit', `POST /ingest/event HTTP/1.1\r\nhost: x\r\n${bearer}content-type: application/json\r\ncontent-length: 2000000\r\n\r\n{}`, 413, 'payload_too_large'],
    ['Content-Length with Transfer-Encoding', `POST /ingest/event HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n`, 400, 'bad_request'],
    ['a header section over the limit', `GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['a path parameter over its length limit', `GET /metrics/${'m'.repeat(200)} HTTP/1.1\r\nhost: x\r\n\r\n`, 414, 'uri_too_long'],
    ['a method no route has', 'PROPFIND /ingest/event HTTP/1.1\r\nhost: x\r\n\r\n', 404, 'not_found'],
    ['a method the parser does not know', 'BREW /ingest/event HTTP/1.1\r\nhost: x\r\n\r\n', 400, 'bad_request'],
    ['an unknown path', 'GET /nope HTTP/1.1\r\nhost: x\r\n\r\n', 404, 'not_found'],
  ])('%s', async (_name, request, status, code) => {
    const res = await raw(request);
    expect(res.status).toBe(status);
    expect(res.headers).toMatch(/content-type: application\/json/i);
    const body = envelope(res);
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
    // Nothing of fastify's own vocabulary or of the request is echoed back.
    expect(res.body).not.toMatch(/FST_|statusCode|%zz|%E0|x-big|BREW/);
  });
});
