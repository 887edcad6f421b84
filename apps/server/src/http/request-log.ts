import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn, Logger } from 'pino';

/** Query parameters that carry credentials: API keys (`?token=`) and URL signatures. */
const SECRET_PARAMS = new Set(['token', 'sig', 'signature', 'access_token', 'api_key', 'apikey', 'key']);

/** The URL with every credential-carrying query value replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // keep the raw name
      }
      return SECRET_PARAMS.has(decoded.toLowerCase()) && eq >= 0 ? `${name}=[REDACTED]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

/** The server's logger with a request serializer that never writes keys or signatures. */
export function requestLogger(logger: Logger): FastifyBaseLogger {
  return logger.child(
    {},
    {
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        }),
      },
    },
  ) as FastifyBaseLogger;
}

/**
 * One log line per request, written when it completes (`request completed` with the request, the status and the
 * response time; `request errored` at error level), instead of Fastify's two (`incoming request` + `request
 * completed`): the second line was a measurable share of a small API request's cost (issue 11's profiles).
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const log = reply.log instanceof RequestLogger ? reply.log : undefined;
    const line = { ...log?.lineBindings(), req: request, res: reply, responseTime: reply.elapsedTime };
    const logger = log ? log.lineLogger() : reply.log;
    if (error) logger.error({ ...line, err: error }, 'request errored');
    else logger.info(line, 'request completed');
  }
}

/**
 * A request's logger (`request.log`), made into a pino child only when something logs through it. Fastify makes
 * one child per request to bind its id; most requests log nothing but their completed line, and making that
 * child was about 6 µs of a small API request's server CPU (issue 11's `{ user { id } }`, measured alternating).
 * The completed line is written by the parent with the id as its first field: the same bytes the child writes.
 */
type LogArgs = Parameters<LogFn>;

export class RequestLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    readonly bindings: Bindings,
  ) {}

  /** The logger that writes this request's lines: its child once made, else the parent, given `lineBindings()`. */
  lineLogger(): FastifyBaseLogger {
    return this.made ?? this.parent;
  }

  /** What a line written by `lineLogger()` must hold first: nothing for the child (it binds them itself). */
  lineBindings(): Bindings | undefined {
    return this.made ? undefined : this.bindings;
  }

  private get log(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings));
  }

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.log.level = level;
  }

  fatal(...args: LogArgs): void {
    this.log.fatal(...args);
  }

  error(...args: LogArgs): void {
    this.log.error(...args);
  }

  warn(...args: LogArgs): void {
    this.log.warn(...args);
  }

  info(...args: LogArgs): void {
    this.log.info(...args);
  }

  debug(...args: LogArgs): void {
    this.log.debug(...args);
  }

  trace(...args: LogArgs): void {
    this.log.trace(...args);
  }

  silent(...args: LogArgs): void {
    this.log.silent(...args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.log.child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`: a `RequestLogger` for routes without log options of their own (a route's level
 * or serializers need the real child at once).
 */
export function requestChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  if (options.level !== undefined || options.serializers !== undefined)
    return logger.child(bindings, options);
  return new RequestLogger(logger, bindings);
}
