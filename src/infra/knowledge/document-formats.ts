// Which documents Firstline can read, decided by a file's extension or a page's content type.
import type { DocumentFormat } from '../../domain/knowledge.js';

const BY_EXTENSION: Record<string, DocumentFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.text': 'text',
};

/** The format of a file or URL path by its extension (any case), or null when it is not a document we read. */
export function formatOfPath(path: string): DocumentFormat | null {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || path.lastIndexOf('/') > dot) return null;
  return BY_EXTENSION[path.slice(dot).toLowerCase()] ?? null;
}

/**
 * The format of a fetched page. Markdown is often served as text/plain or with no useful type
 * (raw files on code hosts), so a Markdown extension in the URL wins over those.
 */
export function formatOfResponse(contentType: string, url: URL): DocumentFormat | null {
  const type = mediaType(contentType);
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  const isGeneric = type === 'text/plain' || type === 'application/octet-stream' || type === '';
  if (isGeneric && formatOfPath(url.pathname) === 'markdown') return 'markdown';
  if (type === 'text/plain') return 'text';
  return null;
}

/** `text/html; charset=utf-8` → `text/html`. */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Bytes as text: UTF-8 unless the server named another charset we know; invalid bytes become U+FFFD, never an error. */
export function decodeText(bytes: Uint8Array, contentType = ''): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
