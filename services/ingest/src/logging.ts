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
