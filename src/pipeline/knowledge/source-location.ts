// What a deployer types as a source ("./docs", "https://help.example.com/sitemap.xml") becomes a
// location and, unless they name it, a name.
import { basename, resolve } from 'node:path';
import { AppError } from '../../domain/errors.js';
import type { SourceLocation } from '../../domain/knowledge.js';

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** A URL for http(s), else a path (resolved against the working directory); any other scheme is refused. */
export function parseLocation(input: string): SourceLocation {
  const text = input.trim();
  if (!text) throw new AppError('validation_failed', { message: 'Give a path or an http(s) URL.' });
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'path', path: resolve(text) };
  if (scheme !== 'http' && scheme !== 'https') {
    throw new AppError('validation_failed', { message: `Only http and https URLs can be sources, not ${scheme}://.` });
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('validation_failed', { message: `"${text}" is not a valid URL.` });
  }
  return { kind: 'url', url: url.toString() };
}

/** Names are short, lower-case, and safe in a URL path and on a command line. */
export const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, 64);

/** The folder or file name, or the URL's host (and first path segment when it is not a sitemap). */
export function defaultSourceName(location: SourceLocation): string {
  if (location.kind === 'path') return slug(basename(location.path)) || 'docs';
  const url = new URL(location.url);
  const first = url.pathname.split('/').find((part) => part && !part.endsWith('.xml'));
  return slug(first ? `${url.hostname}-${first}` : url.hostname) || 'docs';
}
