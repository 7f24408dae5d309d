import { existsSync, readFileSync } from 'node:fs';

/**
 * scripts/services.sh (run by `npm test` before vitest) provisions FerretDB/MongoDB and Redis and writes
 * their addresses to .data/services.env. Integration tests read them from process.env.
 */
export default function setup(): void {
  const file = new URL('../.data/services.env', import.meta.url);
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]!] === undefined) process.env[m[1]!] = m[2]!;
  }
}
