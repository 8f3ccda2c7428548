import { LogController, type FastifyBaseLogger, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { truncateIp } from '@cbc/privacy';

type Bindings = Record<string, unknown>;
type Logger = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

/**
 * A request's logger that costs nothing until it writes a line. Fastify gives every request a
 * child logger bound to its request id; making one (pino's `child`: a new object, its bindings
 * serialized) is work on every request, though at the usual levels most requests write nothing.
 * This one checks the level first and makes the real child on the first line that passes it, so
 * the lines that are written carry the request id as before.
 */
class LazyRequestLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
  ) {}

  private get real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings));
  }

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  isLevelEnabled(level: string): boolean {
    return this.made ? (this.made as Logger).isLevelEnabled(level) : this.parent.isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: Parameters<FastifyBaseLogger['child']>[1]): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: unknown[]): void {
    if (!this.isLevelEnabled(level)) return;
    const real = this.real;
    (real[level] as (...a: unknown[]) => void).apply(real, args);
  }

  // Methods on the prototype, not arrow fields: a request must not allocate seven closures.
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}
}

const infoEnabled = (req: FastifyRequest) => (req.log as Logger).isLevelEnabled('info');

/**
 * Fastify's two lines per request ("incoming request", "request completed") are written at
 * `info`; when the level leaves them out they are skipped before anything is built for them.
 * Only those two: error lines keep fastify's own rules.
 */
class RequestLogs extends LogController {
  override incomingRequest(...args: Parameters<LogController['incomingRequest']>): void {
    if (infoEnabled(args[0])) super.incomingRequest(...args);
  }

  override requestCompleted(...args: Parameters<LogController['requestCompleted']>): void {
    if (args[0] || infoEnabled(args[1])) super.requestCompleted(...args);
  }
}

/**
 * How the API logs per request: the lazy child above, made eagerly only for a route with its
 * own level or serializers (pino must apply those to the child itself).
 */
export function requestLogging(): Pick<FastifyServerOptions, 'childLoggerFactory' | 'logController'> {
  return {
    logController: new RequestLogs(),
    childLoggerFactory(logger, bindings, opts) {
      if (opts.level || opts.serializers) return logger.child(bindings, opts);
      return new LazyRequestLogger(logger as Logger, bindings);
    },
  };
}

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
