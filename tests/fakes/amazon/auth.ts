import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FakeAmazonState } from './state.js';

/** The seller's grant as LWA knows it. */
export interface FakeGrant {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface TokenBook {
  /** access token → expiry (fake clock ms); restricted tokens are marked. */
  tokens: Map<string, { expiresAt: number; restricted: boolean }>;
  exchanges: { form: Record<string, string>; contentType: string }[];
  revokedRefreshTokens: Set<string>;
}

export const spError = (reply: FastifyReply, status: number, code: string, message: string, details = '') =>
  reply.code(status).header('x-amzn-RequestId', `req-${Date.now()}`).send({ errors: [{ code, message, details }] });

/**
 * Login with Amazon: only `application/x-www-form-urlencoded` refresh_token grants with the app's client id and
 * secret are honoured; a bad client is 401 invalid_client, a bad or revoked refresh token 400 invalid_grant.
 */
export function registerLwa(
  app: FastifyInstance, state: FakeAmazonState, grant: FakeGrant, book: TokenBook, ttlSeconds: number, injected: (reply: FastifyReply) => boolean,
): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post('/auth/o2/token', async (req, reply) => {
    const contentType = String(req.headers['content-type'] ?? '');
    const form = (typeof req.body === 'object' && req.body ? req.body : {}) as Record<string, string>;
    book.exchanges.push({ form, contentType });
    if (injected(reply)) return reply;
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
    }
    if (form.grant_type !== 'refresh_token' || !form.refresh_token) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'The request is missing a required parameter : grant_type or refresh_token' });
    }
    if (form.client_id !== grant.clientId || form.client_secret !== grant.clientSecret) {
      return reply.code(401).send({ error: 'invalid_client', error_description: 'Client authentication failed' });
    }
    if (form.refresh_token !== grant.refreshToken || book.revokedRefreshTokens.has(form.refresh_token)) {
      return reply.code(400).send({ error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' });
    }
    const token = `Atza|${state.nextId('IwEB')}`;
    book.tokens.set(token, { expiresAt: state.clock().getTime() + ttlSeconds * 1000, restricted: false });
    return { access_token: token, refresh_token: grant.refreshToken, token_type: 'bearer', expires_in: ttlSeconds };
  });
}

/** The check every SP-API route makes on `x-amz-access-token`; returns the token's kind, or answers 403 itself. */
export function checkToken(state: FakeAmazonState, book: TokenBook, header: unknown, reply: FastifyReply): 'access' | 'restricted' | null {
  if (typeof header !== 'string' || header === '') {
    void spError(reply, 403, 'MissingAuthenticationToken', 'Access to requested resource is denied.');
    return null;
  }
  const t = book.tokens.get(header);
  if (!t) {
    void spError(reply, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The access token you provided is revoked, malformed or invalid.');
    return null;
  }
  if (t.expiresAt <= state.clock().getTime()) {
    void spError(reply, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The access token you provided has expired.');
    return null;
  }
  return t.restricted ? 'restricted' : 'access';
}
