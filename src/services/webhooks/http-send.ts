import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { AttemptResult } from '../../domain/webhooks/retry-policy.js';
import { parseRetryAfter } from '../../domain/webhooks/retry-policy.js';
import type { EgressCheck } from './egress-check.js';

export interface SendLimits {
  connectTimeoutMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface SendOutcome {
  result: AttemptResult;
  latencyMs: number;
  /** The first bytes of the response body (at most maxResponseBytes). */
  body: string;
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new https.Agent({ keepAlive: true, maxSockets: 256 }) };

/**
 * One POST to a receiver: the resolved address is checked by the egress policy at connect time (no DNS
 * rebinding around the check made when the endpoint was saved), redirects are not followed, the connection and
 * the whole exchange have their own timeouts, and no more than maxResponseBytes of the answer are read.
 */
export function postJson(url: string, body: string, headers: Record<string, string>, limits: SendLimits, egress: EgressCheck, now: () => Date): Promise<SendOutcome> {
  const started = Date.now();
  const u = new URL(url);
  const literal = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !egress.addressAllowed(literal)) {
    return Promise.resolve({ result: { ok: false, status: null, errorClass: 'egress_refused' }, latencyMs: 0, body: '' });
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: AttemptResult, text = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      resolve({ result, latencyMs: Date.now() - started, body: text });
    };
    const fail = (errorClass: string) => done({ ok: false, status: null, errorClass });
    const lib = u.protocol === 'https:' ? https : http;
    const lookup = (host: string, opts: object, cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(host, { ...opts, all: true }, (err, addresses) => {
        if (err) return cb(err, '', 4);
        const ok = addresses.filter((a) => egress.addressAllowed(a.address));
        if (ok.length === 0) return cb(Object.assign(new Error(`egress refused for ${host}`), { code: 'EGRESS_REFUSED' }), '', 4);
        cb(null, ok);
      });
    };
    const req = lib.request(u, {
      method: 'POST',
      agent: u.protocol === 'https:' ? agents.https : agents.http,
      headers: { 'content-type': 'application/json', 'user-agent': 'oms-hub-webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
      lookup,
    });
    const total = setTimeout(() => {
      fail('timeout');
      req.destroy();
    }, limits.timeoutMs);
    let connect: NodeJS.Timeout | undefined;
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      connect = setTimeout(() => {
        fail('connect_timeout');
        req.destroy();
      }, limits.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connect));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      fail(err.code === 'EGRESS_REFUSED' ? 'egress_refused' : err.code === 'ECONNREFUSED' ? 'connection_refused' : err.code === 'ENOTFOUND' ? 'dns' : err.code === 'ECONNRESET' ? 'connection_reset' : 'network');
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        if (status >= 200 && status < 300) return done({ ok: true, status }, text);
        const retryAfter = parseRetryAfter(header(res.headers['retry-after']), now());
        done({ ok: false, status, errorClass: status >= 300 && status < 400 ? 'redirect' : 'http_status', ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) }, text);
      };
      res.on('data', (c: Buffer) => {
        if (size >= limits.maxResponseBytes) return;
        chunks.push(c.subarray(0, limits.maxResponseBytes - size));
        size += c.length;
        // Enough of the answer has been read: the status decides, the rest is not read.
        if (size >= limits.maxResponseBytes) {
          finish();
          res.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', () => finish());
    });
    req.end(body);
  });
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
