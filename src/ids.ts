import { randomBytes } from 'node:crypto';

/** Sortable ids: time prefix then randomness, with a readable kind prefix ("ord_…", "shp_…"). */
export function newId(prefix: string, now: Date = new Date()): string {
  return `${prefix}_${now.getTime().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
}
