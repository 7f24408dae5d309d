import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { scrubSecrets, serializeError, serializeRequest } from '../connectors/redact.js';

export type { Logger };

const censor = '[redacted]';

/** Paths never written to logs: credentials, tokens, API keys and personal data. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers["x-admin-token"]',
  'req.headers["x-sandbox-key"]',
  'req.headers.cookie',
  '*.apiKey',
  '*.credentials',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.password',
  '*.token',
  '*.address',
  '*.buyer',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.config',
  '*.request',
  'credentials',
  'apiKey',
  'accessToken',
  'refreshToken',
  'config',
];

/**
 * Options shared by the hub's logger and Fastify's: redaction by path, an error serializer that keeps no
 * axios config/request (headers, params, auth, body) and a request serializer that hides webhook tokens and
 * query-string signatures. The destination scrubs whatever still looks like a credential as a last resort.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor },
    serializers: { err: serializeError, error: serializeError, req: serializeRequest },
  };
}

/** A destination that scrubs credential-looking text (Bearer values, signed query strings) out of every line. */
export function scrubbingDestination(out: DestinationStream = process.stdout): DestinationStream {
  return { write: (line: string) => out.write(scrubSecrets(line)) };
}

export function createLogger(level: string, bindings: Record<string, unknown> = {}, out?: DestinationStream): Logger {
  return pino(
    { ...loggerOptions(level), base: { service: 'oms-hub', ...bindings }, timestamp: pino.stdTimeFunctions.isoTime },
    scrubbingDestination(out),
  );
}
