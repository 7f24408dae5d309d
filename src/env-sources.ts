import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnvFile } from './embedded/env-files.js';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * The environment of `npm run api` / `npm run worker`: the addresses scripts/services.sh wrote
 * (.data/services.env), then the operator's `.env` (`npm run keys` writes one), then the real environment (wins).
 */
export function runtimeEnv(root = repoRoot, env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return { ...readEnvFile(join(root, '.data', 'services.env')), ...readEnvFile(join(root, '.env')), ...env };
}

/** Fresh secrets: an admin token and a 32-byte AES-256-GCM key for shop credentials (hex). */
export function freshKeys(): { ADMIN_TOKEN: string; CREDENTIALS_KEY: string } {
  return { ADMIN_TOKEN: `adm_${randomBytes(24).toString('base64url')}`, CREDENTIALS_KEY: randomBytes(32).toString('hex') };
}

/**
 * Adds the keys `.env` lacks, keeping every line it has: an existing CREDENTIALS_KEY is never replaced (shop
 * credentials stored with it could no longer be decrypted). Returns the names it added.
 */
export function writeKeysToEnvFile(path: string, keys: Record<string, string>): string[] {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const have = readEnvFile(path);
  const added = Object.keys(keys).filter((k) => !have[k]);
  if (added.length === 0) return [];
  const lines = added.map((k) => `${k}=${keys[k]}`);
  writeFileSync(path, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`, { mode: 0o600 });
  return added;
}
