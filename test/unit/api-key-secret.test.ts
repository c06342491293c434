import { describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey, secretMatches } from '../../src/domain/api-key-secret.js';

describe('API key secrets', () => {
  it('generates keys that parse back to their prefix and match their stored hash', () => {
    const generated = generateApiKey();
    expect(generated.key).toMatch(/^fl_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(generated.key);
    expect(parsed?.prefix).toBe(generated.prefix);
    expect(secretMatches(parsed!.secret, generated.secretHash)).toBe(true);
    expect(generated.secretHash).not.toContain(parsed!.secret);
  });

  it('never repeats a key', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().key));
    expect(keys.size).toBe(200);
  });

  it('rejects a changed secret and malformed keys', () => {
    const { key, secretHash } = generateApiKey();
    const parsed = parseApiKey(key)!;
    const flipped = parsed.secret.slice(0, -1) + (parsed.secret.endsWith('A') ? 'B' : 'A');
    expect(secretMatches(flipped, secretHash)).toBe(false);
    expect(parseApiKey('fl_short_secret')).toBeNull();
    expect(parseApiKey(`${key}x`)).toBeNull();
    expect(parseApiKey('Bearer something')).toBeNull();
  });
});
