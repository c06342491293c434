// Outside production JWT_SECRET may be unset: a random one is made once and kept in DATA_DIR,
// so tokens survive restarts without any setup. Production requires JWT_SECRET (see config).
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';

export function resolveJwtSecret(config: Readonly<Config>): string {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const file = path.resolve(config.database.dataDir, 'jwt-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The web console's cookie-signing key, derived from the JWT secret so it needs no setting of its own. */
export function consoleSessionSecret(jwtSecret: string): string {
  return createHmac('sha256', jwtSecret).update('firstline console session').digest('base64url');
}
