import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/domain/errors.js';
import { defaultSourceName, parseLocation, SOURCE_NAME } from '../../src/pipeline/knowledge/source-location.js';

const refusal = (input: string): string => {
  try {
    parseLocation(input);
  } catch (err) {
    if (isAppError(err)) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error(`"${input}" was accepted`);
};

describe('what a deployer types as a knowledge source', () => {
  it('is a URL when it starts with http:// or https://, normalised', () => {
    expect(parseLocation(' https://Help.Example.com/sitemap.xml ')).toEqual({ kind: 'url', url: 'https://help.example.com/sitemap.xml' });
    expect(parseLocation('http://127.0.0.1:8080/docs')).toEqual({ kind: 'url', url: 'http://127.0.0.1:8080/docs' });
  });

  it('is a path otherwise, resolved against the working directory', () => {
    expect(parseLocation('./docs')).toEqual({ kind: 'path', path: resolve('docs') });
    expect(parseLocation('/srv/help')).toEqual({ kind: 'path', path: '/srv/help' });
  });

  it('refuses other schemes, blank input and malformed URLs with the reason', () => {
    expect(refusal('ftp://example.com/docs')).toBe('validation_failed: Only http and https URLs can be sources, not ftp://.');
    expect(refusal('file:///etc/passwd')).toContain('not file://');
    expect(refusal('   ')).toContain('Give a path or an http(s) URL');
    expect(refusal('https://exa mple.com/')).toContain('is not a valid URL');
  });
});

describe('the name a source gets when none is given', () => {
  it.each([
    [{ kind: 'path', path: '/srv/Product Docs' }, 'product-docs'],
    [{ kind: 'url', url: 'https://help.example.com/sitemap.xml' }, 'help.example.com'],
    [{ kind: 'url', url: 'https://example.com/docs/getting-started' }, 'example.com-docs'],
    [{ kind: 'path', path: '/' }, 'docs'],
  ] as const)('%j → %s', (location, name) => {
    expect(defaultSourceName(location)).toBe(name);
    expect(SOURCE_NAME.test(name)).toBe(true);
  });
});
