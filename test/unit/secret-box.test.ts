import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/infra/secrets/secret-box.js';

describe('the secret box', () => {
  const box = createSecretBox('a-long-random-key-from-the-environment-0123456789');

  it('opens what it sealed, and seals the same value differently each time', () => {
    const token = '{"bot":{"token":"xoxb-123"}}';
    const [a, b] = [box.seal(token), box.seal(token)];
    expect(a).not.toBe(b);
    expect(a).not.toContain('xoxb');
    expect(box.open(a)).toBe(token);
    expect(box.open(b)).toBe(token);
  });

  it('refuses a value sealed under another key, a changed one, and one that is not sealed', () => {
    const sealed = box.seal('xoxb-123');
    expect(() => createSecretBox('another-key-entirely-0123456789-abcdefghij').open(sealed)).toThrow();
    const [version, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([version, iv, tag, flipped.toString('base64')].join('.'))).toThrow();
    expect(() => box.open('xoxb-123')).toThrow('not a sealed secret');
  });
});
