import type { FastifyServerOptions } from 'fastify';
import { truncateIp } from '@cbc/privacy';

/**
 * Request logs carry no secrets and no full IP (docs/privacy.md): credentials and signatures are
 * redacted, bodies are never logged, and the peer address is cut to its /24 or /48 network.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["webhook-signature"]', 'req.headers["x-forwarded-for"]'],
      censor: '[REDACTED]',
    },
    serializers: {
      req(req: { method: string; url: string; ip?: string; routeOptions?: { url?: string } }) {
        return {
          method: req.method,
          // The query string may hold anything a client put there; the route template may not.
          url: req.url.split('?')[0],
          network: req.ip ? (truncateIp(req.ip)?.network ?? 'invalid') : undefined,
        };
      },
    },
  };
}

/**
 * What may be logged of a database error. A PostgreSQL error's message, `detail`, `where` and
 * `hint` quote the offending values (a row's text, an IP, a guest id), so only the SQLSTATE and
 * the names of the routine, constraint, table and column go to the log. Anything that is not a
 * driver error (no SQLSTATE-like code and severity) is returned unchanged: its stack is ours.
 */
export function dbErrorFields(err: unknown): unknown {
  const e = err as { code?: unknown; severity?: unknown; routine?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
  if (typeof e?.code !== 'string' || e.severity === undefined) return err;
  return { code: e.code, routine: e.routine, constraint: e.constraint, table: e.table, column: e.column, message: 'database error (text withheld: it may quote row data)' };
}
