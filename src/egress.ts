import { lookup } from 'node:dns/promises';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import ipaddr from 'ipaddr.js';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import type { Config } from '../config/schema.js';
import { AppError } from './errors.js';

/**
 * Where the hub may send requests on a seller's behalf (shops' API addresses today, outgoing webhooks next).
 * - http and https only, no user info in the URL;
 * - hosts an operator allow-listed (API_BASE_URL_HOSTS) are reached as they are, private ones included;
 * - with ALLOW_PRIVATE_API_BASE_URLS (tests, the embedded sandbox) everything is;
 * - otherwise every address the host resolves to must be public unicast: loopback, private, link-local
 *   (cloud metadata), unique-local, multicast, unspecified and IPv4-mapped forms are refused, once when the
 *   address is saved and again on every connection (the agents check the address actually connected to, so
 *   a DNS answer that changes later does not get through).
 * Redirects are never followed (connectors/http.ts: maxRedirects 0).
 */
export interface EgressPolicy {
  allowPrivate: boolean;
  allowedHosts: readonly string[];
}

export const egressPolicyOf = (config: Pick<Config, 'ALLOW_PRIVATE_API_BASE_URLS' | 'API_BASE_URL_HOSTS'>): EgressPolicy => ({
  allowPrivate: config.ALLOW_PRIVATE_API_BASE_URLS === true,
  allowedHosts: config.API_BASE_URL_HOSTS ?? [],
});

/** Whether an operator allow-listed the host (exact name, or `*.suffix` for its subdomains). */
export function hostAllowListed(policy: EgressPolicy, host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return policy.allowedHosts.some((a) => (a.startsWith('*.') ? h.endsWith(a.slice(1)) : h === a));
}

/** Whether an IP address is one the hub may reach without an operator's say-so. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

export type Resolve = (host: string) => Promise<string[]>;
const resolveAll: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Parses and checks a URL against the policy; throws EGRESS_REFUSED (422) naming why. Returns the URL. */
export async function checkEgressUrl(policy: EgressPolicy, raw: string, what = 'apiBaseUrl', resolve: Resolve = resolveAll): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('EGRESS_REFUSED', `${what} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('EGRESS_REFUSED', `${what} must be an http or https URL`);
  if (url.username || url.password) throw new AppError('EGRESS_REFUSED', `${what} may not carry user info`);
  if (policy.allowPrivate || hostAllowListed(policy, url.hostname)) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  } catch {
    throw new AppError('EGRESS_REFUSED', `${what} host ${host} does not resolve`);
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
    throw new AppError('EGRESS_REFUSED', `${what} host ${host} resolves to an address this hub does not reach (private, loopback or link-local)`);
  }
  return url;
}

export interface EgressAgents {
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
}

const filtering = { allowPrivateIPAddress: false, allowMetaIPAddress: false, keepAlive: true };
let shared: Required<EgressAgents> | undefined;

/** The agents a client for `baseURL` must use: filtering ones unless the policy lets the host through as is. */
export function egressAgents(policy: EgressPolicy, baseURL: string): EgressAgents {
  if (policy.allowPrivate) return {};
  let host = '';
  try {
    host = new URL(baseURL).hostname;
  } catch {
    // an unparsable base URL gets the filtering agents like any other
  }
  if (host && hostAllowListed(policy, host)) return {};
  shared ??= { httpAgent: new RequestFilteringHttpAgent(filtering), httpsAgent: new RequestFilteringHttpsAgent(filtering) };
  return shared;
}
