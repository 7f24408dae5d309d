import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths never written to logs: credentials, tokens, API keys and personal data. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers["x-admin-token"]',
  'req.headers["x-sandbox-key"]',
  '*.apiKey',
  '*.credentials',
  '*.accessToken',
  '*.secret',
  '*.password',
  '*.token',
  '*.address',
  '*.buyer',
  'credentials',
  'apiKey',
];

export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'oms-hub', ...bindings },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
