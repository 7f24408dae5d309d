import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { freshKeys, repoRoot, runtimeEnv, writeKeysToEnvFile } from '../../src/env-sources.js';

const dir = mkdtempSync(join(tmpdir(), 'oms-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run keys', () => {
  it('prints an ADMIN_TOKEN and a CREDENTIALS_KEY the config accepts, fresh each time', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', '--print'], { cwd: repoRoot, encoding: 'utf8' });
    const printed = Object.fromEntries(out.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
    expect(Object.keys(printed)).toEqual(['ADMIN_TOKEN', 'CREDENTIALS_KEY']);
    const config = loadConfig({ MONGODB_URI: 'mongodb://127.0.0.1:1/x', ...printed });
    expect(config.credentialsKey).toHaveLength(32);
    expect(freshKeys()).not.toEqual(freshKeys());
  });

  it('adds missing keys to .env, keeps what is there, never replaces a CREDENTIALS_KEY', () => {
    const path = join(dir, '.env');
    writeFileSync(path, 'LOG_LEVEL=debug\nCREDENTIALS_KEY=keepme');
    expect(writeKeysToEnvFile(path, freshKeys())).toEqual(['ADMIN_TOKEN']);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^LOG_LEVEL=debug\nCREDENTIALS_KEY=keepme\nADMIN_TOKEN=adm_/);
    expect(writeKeysToEnvFile(path, freshKeys())).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('npm run api / worker read .data/services.env, then .env, then the environment', () => {
    mkdirSync(join(dir, '.data'), { recursive: true });
    writeFileSync(join(dir, '.data', 'services.env'), 'MONGODB_URI=mongodb://127.0.0.1:2/oms\nREDIS_URL=redis://127.0.0.1:3\n');
    writeFileSync(join(dir, '.env'), 'REDIS_URL=redis://127.0.0.1:4\nADMIN_TOKEN=from-dot-env-0123456789\n');
    expect(runtimeEnv(dir, { ADMIN_TOKEN: 'from-env-0123456789' })).toMatchObject({
      MONGODB_URI: 'mongodb://127.0.0.1:2/oms', REDIS_URL: 'redis://127.0.0.1:4', ADMIN_TOKEN: 'from-env-0123456789',
    });
  });
});
