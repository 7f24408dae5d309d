/**
 * What may leave the process in a log line. Errors are serialized from an allow-list of fields (an axios error's
 * config, request and response, which carry headers, params, auth and bodies, are never copied); URLs lose their
 * credentials; and every line is scrubbed of anything that still looks like one.
 */

/** Query-string or form keys whose value is a credential or a signature made with one. */
const secretKeys = [
  'sign', 'signature', 'access_token', 'refresh_token', 'client_secret', 'consumer_secret', 'consumer_key', 'oauth_signature',
  'partner_key', 'app_secret', 'appsecret', 'session', 'api_key', 'apikey', 'token', 'password', 'secret', 'x-amz-security-token',
  'x-amz-signature',
];
const keyAlternation = secretKeys.map((k) => k.replace(/[-]/g, '\\-')).join('|');
// Each pattern is a single character class under one quantifier: linear on any input.
const queryParam = new RegExp(`([?&;\\s"']|^)(${keyAlternation})=[^&\\s"'#;,]+`, 'gi');
const jsonField = new RegExp(`"(${keyAlternation}|accessToken|refreshToken|partnerKey|appSecret|clientSecret|consumerSecret|consumerKey|lwaClientSecret|apiKey|webhookSecret|authorization|x-admin-token|x-sandbox-key|x-shopify-access-token|x-amz-access-token|x-access-token|cookie)"\\s*:\\s*"[^"]*"`, 'gi');
const bearer = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const webhookPath = /(\/webhooks\/[A-Za-z0-9_-]+\/)[^/?\s"#]+/g;
const userInfo = /((?:https?|mongodb(?:\+srv)?|rediss?):\/\/)[^/@\s"]+@/gi;

const REDACTED = '[redacted]';

/** Replaces credential-looking text in a string (a log line, an error message, a URL). */
export function scrubSecrets(text: string): string {
  return text
    .replace(jsonField, (_m, k: string) => `"${k}":"${REDACTED}"`)
    .replace(queryParam, (_m, pre: string, k: string) => `${pre}${k}=${REDACTED}`)
    .replace(bearer, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(webhookPath, `$1${REDACTED}`)
    .replace(userInfo, `$1${REDACTED}@`);
}

/** A URL without user info, without secret query values, and with the webhook token hidden. */
export const sanitizeUrl = (url: string): string => scrubSecrets(url);

const safeErrorFields = ['code', 'kind', 'status', 'retryable', 'platformCode', 'retryAfterMs', 'errno', 'syscall', 'port', 'statusCode'] as const;

interface AxiosLike { isAxiosError?: boolean; config?: { method?: string; baseURL?: string; url?: string }; response?: { status?: number } }

/** Serializes an error from an allow-list of fields; an axios error contributes only its method, sanitized URL and status. */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? scrubSecrets(err) : err;
  const out: Record<string, unknown> = { type: err.name, message: scrubSecrets(err.message) };
  if (err.stack) out.stack = scrubSecrets(err.stack);
  const rec = err as unknown as Record<string, unknown>;
  for (const f of safeErrorFields) {
    const v = rec[f];
    if (typeof v === 'string') out[f] = scrubSecrets(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out[f] = v;
  }
  // ConnectorError keeps status, platform code and back-off in `opts` (next to a cause that is serialized below).
  const opts = rec.opts as Record<string, unknown> | undefined;
  for (const f of ['status', 'platformCode', 'retryAfterMs'] as const) {
    const v = opts?.[f];
    if (out[f] === undefined && (typeof v === 'number' || typeof v === 'string')) out[f] = typeof v === 'string' ? scrubSecrets(v) : v;
  }
  const ax = err as AxiosLike;
  if (ax.isAxiosError) {
    const url = `${ax.config?.baseURL ?? ''}${ax.config?.url ?? ''}`;
    if (url) out.url = sanitizeUrl(url.split('?')[0]!);
    if (ax.config?.method) out.method = ax.config.method;
    if (ax.response?.status) out.status = ax.response.status;
  }
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

interface RequestLike { method?: string; url?: string; hostname?: string; ip?: string; socket?: { remotePort?: number } }

/** Fastify's request serializer with the webhook token and query-string secrets hidden. */
export function serializeRequest(req: RequestLike): Record<string, unknown> {
  return {
    method: req.method,
    url: req.url ? sanitizeUrl(req.url) : undefined,
    host: req.hostname,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
