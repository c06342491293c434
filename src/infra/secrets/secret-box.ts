// Encryption at rest for credentials Firstline must keep in its database (the tokens of Slack
// installations): AES-256-GCM, a fresh 96-bit IV per value, the 128-bit tag checked on read. The
// key is derived from SECRETS_KEY with HKDF-SHA256, so any long random string will do and the same
// key never serves another purpose. A value written under another key fails to open (it is not
// silently read as garbage).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const INFO = 'firstline secret-box v1';

export interface SecretBox {
  seal(plain: string): string;
  /** @throws when the value was sealed under another key, or was changed. */
  open(sealed: string): string;
}

export function createSecretBox(secretsKey: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), INFO, 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}
