import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/**
 * Secrets for the embedded default, made once and kept in .data/ so that a second `npm start` can still
 * decrypt the shop credentials it stored. Values already in the environment win.
 */
export function embeddedSecrets(path: string): Record<string, string> {
  const saved = readEnvFile(path);
  const secrets = {
    ADMIN_TOKEN: saved.ADMIN_TOKEN ?? `adm_${randomBytes(18).toString('base64url')}`,
    CREDENTIALS_KEY: saved.CREDENTIALS_KEY ?? randomBytes(32).toString('hex'),
    SANDBOX_API_KEY: saved.SANDBOX_API_KEY ?? `sbx_${randomBytes(12).toString('hex')}`,
    SANDBOX_WEBHOOK_SECRET: saved.SANDBOX_WEBHOOK_SECRET ?? randomBytes(16).toString('hex'),
  };
  if (Object.entries(secrets).some(([k, v]) => saved[k] !== v)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Object.entries(secrets).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o600 });
  }
  return secrets;
}
