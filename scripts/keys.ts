/**
 * `npm run keys`: fresh ADMIN_TOKEN and CREDENTIALS_KEY values for `npm run api` / `npm run worker`.
 * Prints them and adds the ones missing to `.env` at the repository root (never replacing a value already
 * there); `npm run keys -- --print` only prints.
 */
import { join } from 'node:path';
import { freshKeys, repoRoot, writeKeysToEnvFile } from '../src/env-sources.js';

const keys = freshKeys();
const printOnly = process.argv.includes('--print');
process.stdout.write(`ADMIN_TOKEN=${keys.ADMIN_TOKEN}\nCREDENTIALS_KEY=${keys.CREDENTIALS_KEY}\n`);
if (!printOnly) {
  const path = join(repoRoot, '.env');
  const added = writeKeysToEnvFile(path, keys);
  process.stderr.write(added.length > 0
    ? `[keys] wrote ${added.join(', ')} to ${path} (mode 600; keep it out of version control)\n`
    : `[keys] ${path} already has ADMIN_TOKEN and CREDENTIALS_KEY: left unchanged (replacing CREDENTIALS_KEY would make stored shop credentials unreadable)\n`);
}
