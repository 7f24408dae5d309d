import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, unavailableDependency, type ErrorCode } from '../errors.js';
import { LockTimeoutError } from '../locks.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

const body = (code: ErrorCode, message: string, details?: unknown): ErrorBody => ({ error: { code, message, ...(details === undefined ? {} : { details }) } });

/** The one error handler: stable codes from the catalogue; a 500 says nothing about internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send(body('ROUTE_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
  });
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`, message: v.message }));
      return reply.status(400).send(body('VALIDATION_FAILED', `invalid ${err.validationContext ?? 'request'}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues }));
    }
    if (err instanceof LockTimeoutError) {
      return reply.status(503).header('retry-after', '1').send(body('STORE_UNAVAILABLE', 'the resource is busy, retry shortly'));
    }
    const down = unavailableDependency(err);
    if (down) return reply.status(503).header('retry-after', '2').send(body('SERVICE_UNAVAILABLE', `the ${down} is unavailable, retry shortly`, { dependency: down }));
    const status = (err as FastifyError).statusCode;
    if (status === 413) return reply.status(413).send(body('PAYLOAD_TOO_LARGE', 'request body too large'));
    if (status && status >= 400 && status < 500) {
      return reply.status(status === 415 ? 415 : 400).send(body('VALIDATION_FAILED', err.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL', 'internal error'));
  });
}
