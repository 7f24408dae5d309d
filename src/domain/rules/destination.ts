import type { NormalizedAddress } from '../../../connectors/types.js';

export interface DestinationFilter {
  countries?: string[];
  regions?: string[];
  postalPrefixes?: string[];
}

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase();

/**
 * Whether an address lies in a covered area. Each non-empty list must match: the country code; the region
 * (compared without case, as "IL" or "US-IL"); a postal code prefix.
 */
export function coversDestination(f: DestinationFilter, address: NormalizedAddress | undefined): boolean {
  const country = norm(address?.country).toUpperCase();
  if (f.countries?.length && !f.countries.includes(country)) return false;
  if (f.regions?.length) {
    const region = norm(address?.region);
    const ok = region !== '' && f.regions.some((r) => norm(r) === region || norm(r) === `${country.toLowerCase()}-${region}`);
    if (!ok) return false;
  }
  if (f.postalPrefixes?.length) {
    const postal = norm(address?.postalCode).replace(/\s+/g, '');
    if (!postal || !f.postalPrefixes.some((p) => postal.startsWith(norm(p).replace(/\s+/g, '')))) return false;
  }
  return true;
}

export const describeDestination = (a: NormalizedAddress | undefined): string =>
  [a?.country, a?.region, a?.postalCode].filter(Boolean).join('/') || 'no address';
