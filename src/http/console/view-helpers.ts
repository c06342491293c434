// Formatting shared by the templates.
const pad = (n: number) => String(n).padStart(2, '0');

export const CONSOLE_HELPERS = {
  /** '2026-12-05 14:03 UTC' (the `datetime` attribute carries the exact instant). */
  time(d: Date | string | null | undefined): string {
    if (!d) return '';
    const t = typeof d === 'string' ? new Date(d) : d;
    return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} UTC`;
  },
  /** '14:03:27 UTC': an instant of today, to the second. */
  clock(d: Date): string {
    return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
  },
  iso(d: Date | string | null | undefined): string {
    if (!d) return '';
    return (typeof d === 'string' ? new Date(d) : d).toISOString();
  },
  pct(x: number | null | undefined): string {
    return typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '—';
  },
  num(x: number | null | undefined): string {
    return typeof x === 'number' && Number.isFinite(x) ? String(Number(x.toFixed(3))) : '—';
  },
  /** 'IN_PROGRESS' → 'In progress'. */
  label(value: string | null | undefined): string {
    if (!value) return '—';
    const words = value.replace(/_/g, ' ').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  },
  excerpt(text: string, max = 140): string {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  },
  /** A query string from filters, leaving out empty ones. */
  query(params: Record<string, string | number | undefined | null>): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
  },
};

export type ConsoleHelpers = typeof CONSOLE_HELPERS;
