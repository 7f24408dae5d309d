import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { isPublicAddress } from '../../egress.js';
import { AppError } from '../../errors.js';

/**
 * The egress policy for webhook endpoint URLs, on the shared one (src/egress.ts decides what is public): http(s) only, no credentials in the URL, and no private, loopback, link-local or other
 * special-purpose address unless the operator allows private targets.
 */
export interface EgressCheck {
  /** Throws WEBHOOK_URL_REFUSED when the URL may not be called; resolves its host to check every address. */
  checkUrl(url: string): Promise<void>;
  /** Whether one resolved address may be connected to (used again at connect time against DNS rebinding). */
  addressAllowed(address: string): boolean;
}

export function egressCheck(opts: { allowPrivate: boolean }): EgressCheck {
  // Public unicast is decided by the hub's one egress policy (src/egress.ts), as for shops' API addresses.
  const addressAllowed = (address: string): boolean => {
    if (isPublicAddress(address)) return true;
    if (!opts.allowPrivate || !ipaddr.isValid(address)) return false;
    return ['private', 'loopback', 'uniqueLocal', 'linkLocal', 'carrierGradeNat'].includes(ipaddr.process(address).range());
  };
  return {
    addressAllowed,
    async checkUrl(raw: string) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new AppError('WEBHOOK_URL_REFUSED', 'the URL is not valid');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('WEBHOOK_URL_REFUSED', 'only http and https URLs are allowed');
      if (url.username || url.password) throw new AppError('WEBHOOK_URL_REFUSED', 'credentials in the URL are not allowed');
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const addresses = ipaddr.isValid(host) ? [host] : await lookup(host, { all: true }).then((r) => r.map((a) => a.address), () => []);
      if (addresses.length === 0) throw new AppError('WEBHOOK_URL_REFUSED', `host ${host} does not resolve`);
      const refused = addresses.find((a) => !addressAllowed(a));
      if (refused) throw new AppError('WEBHOOK_URL_REFUSED', `host ${host} resolves to ${refused}, a private or special-purpose address`);
    },
  };
}
