import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorCatalogue, unavailableDependency, type ErrorCode } from '../errors.js';
import { LockTimeoutError } from '../locks.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export const errorBody = (code: ErrorCode, message: string, details?: unknown): ErrorBody => ({ error: { code, message, ...(details === undefined ? {} : { details }) } });
const body = errorBody;

/** Route paths longer than this answer 414 URI_TOO_LONG (fastify's maxParamLength). */
export const MAX_PARAM_LENGTH = 256;

interface ValidationItem { keyword?: string; instancePath: string; message?: string; params?: { keys?: unknown } }

/** Unknown query parameters get their own stable code: a typo in a filter must not silently list everything. */
function unknownQueryKeys(context: string | undefined, items: readonly ValidationItem[]): string[] {
  if (context !== 'querystring') return [];
  return items.flatMap((v) => (v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys) ? v.params.keys.map(String) : []));
}

/** The one error handler: stable codes from the catalogue; a 500 says nothing about internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send(body('ROUTE_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`));
  });
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const items = err.validation as readonly ValidationItem[];
      const unknown = unknownQueryKeys(err.validationContext, items);
      if (unknown.length > 0) {
        return reply.status(400).send(body('UNKNOWN_QUERY_PARAMETER', `unknown query parameter(s): ${unknown.join(', ')}`, { unknown }));
      }
      const issues = items.map((v) => ({ path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`, message: v.message }));
      return reply.status(400).send(body('VALIDATION_FAILED', `invalid ${err.validationContext ?? 'request'}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues }));
    }
    if (err instanceof LockTimeoutError) {
      return reply.status(503).header('retry-after', '1').send(body('STORE_UNAVAILABLE', 'the resource is busy, retry shortly'));
    }
    const down = unavailableDependency(err);
    if (down) return reply.status(503).header('retry-after', '2').send(body('SERVICE_UNAVAILABLE', `the ${down} is unavailable, retry shortly`, { dependency: down }));
    const status = (err as FastifyError).statusCode;
    if (status === 413) return reply.status(413).send(body('PAYLOAD_TOO_LARGE', 'request body too large'));
    if (status === 415) return reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE', err.message));
    if (status === 414) return reply.status(414).send(body('URI_TOO_LONG', 'a path segment is too long'));
    if (status && status >= 400 && status < 500) {
      return reply.status(400).send(body('VALIDATION_FAILED', err.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', 'internal error'));
  });
}

/**
 * Errors the router raises before any route runs (fastify's `frameworkErrors`): a path segment longer than
 * MAX_PARAM_LENGTH (414) and a URL that does not decode (400), in the documented shape.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH' || err.statusCode === 414) {
    void reply.status(414).send(body('URI_TOO_LONG', 'a path segment is too long'));
    return;
  }
  void reply.status(400).send(body('VALIDATION_FAILED', 'the request URL is not valid'));
}

const clientErrors: Record<string, ErrorCode> = { HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE', ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT' };
const messages: Partial<Record<ErrorCode, string>> = { HEADERS_TOO_LARGE: 'request headers too large', REQUEST_TIMEOUT: 'request timed out' };

/**
 * Node's HTTP parser errors (431 header overflow, 408 timeout, malformed requests) never reach fastify's
 * router; they are answered on the socket, in the documented shape, then the connection is closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode = clientErrors[err.code ?? ''] ?? 'VALIDATION_FAILED';
  const status = errorCatalogue[code].status;
  const payload = JSON.stringify(body(code, messages[code] ?? 'malformed HTTP request'));
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`);
}

function reasonPhrase(status: number): string {
  return ({ 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' } as Record<number, string>)[status] ?? 'Bad Request';
}
