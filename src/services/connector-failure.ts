import { ConnectorError } from '../../connectors/errors.js';
import { EGRESS_REFUSED } from '../../connectors/http.js';

const networkCode = /^network error: ([A-Z_]{2,40})$/;
const safeCode = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * What a seller is told about a failed platform call (shop.sync.lastError, statusReason): a classified message
 * made from the error's kind, status and code, never the remote body's words (a hostile or misconfigured API
 * address could echo anything there). Operators find the platform's own text in the logs.
 */
export function sellerFacingMessage(err: unknown): string {
  if (!(err instanceof ConnectorError)) return 'the sync failed on an internal error; it will be retried';
  const status = err.opts.status ? ` (HTTP ${err.opts.status})` : '';
  const code = err.opts.platformCode && safeCode.test(err.opts.platformCode) ? ` [${err.opts.platformCode}]` : '';
  if (err.opts.platformCode === EGRESS_REFUSED) return "the shop's API address is not allowed by this hub's egress policy";
  switch (err.kind) {
    case 'auth': return `the platform refused the shop's credentials${status}${code}; re-authorise the shop`;
    case 'rate_limited': return `the platform throttled the hub${status}; the sync will retry`;
    case 'transient': {
      const net = networkCode.exec(err.message);
      return net ? `the platform could not be reached (${net[1]}); the sync will retry` : `the platform failed${status}; the sync will retry`;
    }
    case 'not_found': return `the platform answered not found${status}${code}`;
    case 'invalid': return `the platform refused the request${status}${code}`;
    case 'invalid_payload': return 'the platform answered with something the hub could not read';
    case 'invalid_signature': return 'a webhook signature did not verify';
  }
}
