import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { StoredPassage } from '../../src/domain/ports/knowledge.js';
import { catchUpPassages, createPassageCatchUp } from '../../src/pipeline/knowledge/catch-up-passages.js';
import { createPassageLibrary } from '../../src/pipeline/knowledge/passage-library.js';

let position = 0;
const passage = (id: string, pageUrl: string, pageTitle: string, text: string, headingPath: string[] = []): StoredPassage => ({
  id,
  sourceId: 'source-1',
  pageUrl,
  pageTitle,
  headingPath,
  anchor: null,
  text,
  hash: `hash-${id}`,
  position: position++,
});

const REFUNDS = passage(
  'refunds',
  'file:///docs/billing.md',
  'Billing',
  'A refund goes back to the card you paid with within five business days.',
  ['Refunds'],
);
const INVOICES = passage('invoices', 'file:///docs/billing.md', 'Billing', 'Download any invoice as a PDF; a refund appears on it.', [
  'Invoices',
]);
const SHIPPING = passage('shipping', 'file:///docs/shipping.md', 'Shipping', 'Orders ship within two days from our warehouse.');
const PASSWORD = passage('password', 'file:///docs/account.md', 'Your account', 'Click "Forgot password" on the sign-in page.', [
  'Reset your password',
]);

describe('passage library', () => {
  it('gives a clear winner a high margin, full coverage and the best score per term', async () => {
    const library = createPassageLibrary();
    library.load([REFUNDS, SHIPPING, PASSWORD, passage('orders', 'file:///docs/orders.md', 'Orders', 'Track your card orders.')]);
    const [best, next] = await library.search('refund to my card', 5);
    expect(best?.passage.id).toBe('refunds');
    expect(best?.evidence.margin).toBeGreaterThan(0.5);
    expect(best?.evidence.coverage).toBe(1);
    expect(next?.passage.id).toBe('orders');
    expect(next?.evidence.coverage).toBe(0.5);
    expect(best!.evidence.scorePerTerm).toBeGreaterThan(next!.evidence.scorePerTerm);
  });

  it('gives two pages matched equally a margin of about 0, even when they share a title', async () => {
    const library = createPassageLibrary();
    const text = 'Reset your password from the sign-in page.';
    library.load([
      passage('a', 'https://help.example.com/a', 'Passwords', text),
      passage('b', 'https://help.example.com/b', 'Passwords', text),
    ]);
    const hits = await library.search('reset password', 5);
    expect(hits.map((h) => h.passage.id).sort()).toEqual(['a', 'b']);
    for (const hit of hits) expect(hit.evidence.margin).toBeCloseTo(0, 6);
  });

  it('gives a page ranked below another a negative margin, never below −1', async () => {
    const library = createPassageLibrary();
    library.load([REFUNDS, SHIPPING, passage('card', 'file:///docs/cards.md', 'Cards', 'We accept every card.')]);
    const [best, ...rest] = await library.search('refund card', 5);
    expect(best?.evidence.margin).toBeGreaterThan(0);
    expect(rest.length).toBeGreaterThan(0);
    for (const hit of rest) {
      expect(hit.evidence.margin).toBeLessThan(0);
      expect(hit.evidence.margin).toBeGreaterThanOrEqual(-1);
    }
  });

  it('returns one passage per page, the best of its sections, and at most `limit`', async () => {
    const library = createPassageLibrary();
    library.load([REFUNDS, INVOICES, SHIPPING, PASSWORD]);
    const hits = await library.search('refund invoice', 5);
    expect(hits.filter((h) => h.passage.pageUrl === 'file:///docs/billing.md')).toHaveLength(1);
    expect(new Set(hits.map((h) => h.passage.pageUrl)).size).toBe(hits.length);
    // The other page's best does not count against a page's own sections.
    expect(hits[0]?.evidence.margin).toBe(1);
    expect(await library.search('refund invoice password', 1)).toHaveLength(1);
    expect(await library.search('refund', 0)).toEqual([]);
    expect(await library.search('the and of', 5)).toEqual([]);
  });

  it('applies changes: added passages are found, removed ones are not, and load replaces everything', async () => {
    const library = createPassageLibrary();
    library.load([REFUNDS, SHIPPING]);
    expect(library.size).toBe(2);
    library.apply({ added: [PASSWORD], removedIds: ['shipping', 'unknown'] });
    expect(library.size).toBe(2);
    expect((await library.search('forgot password', 3))[0]?.passage).toEqual(PASSWORD);
    expect(await library.search('warehouse orders ship', 3)).toEqual([]);
    expect(library.has('shipping')).toBe(false);

    library.load([SHIPPING]);
    expect(library.ids()).toEqual(['shipping']);
    expect(await library.search('forgot password', 3)).toEqual([]);
  });
});

/** The stored passages, as the repository would give them; counts the comparisons made. */
function storedPassages(initial: StoredPassage[]) {
  const rows = new Map(initial.map((p) => [p.id, p]));
  const calls = { listIds: 0 };
  return {
    rows,
    calls,
    knowledge: {
      listPassages: async () => [...rows.values()],
      listPassageIds: async () => {
        calls.listIds++;
        return [...rows.keys()];
      },
      findPassages: async (ids: readonly string[]) => ids.flatMap((id) => rows.get(id) ?? []),
      listEmbeddedPassageIds: async () => [],
      findEmbeddings: async () => [],
    },
  };
}

const log = pino({ level: 'silent' });

describe('catching up with the stored passages', () => {
  it('drops what is no longer stored and reads what is new, by id', async () => {
    const store = storedPassages([REFUNDS, SHIPPING]);
    const library = createPassageLibrary();
    library.load([REFUNDS, SHIPPING]);
    store.rows.delete('shipping');
    store.rows.set('password', PASSWORD);
    expect(await catchUpPassages({ knowledge: store.knowledge, library })).toEqual({ added: 1, removed: 1, vectors: 0 });
    expect(library.ids().sort()).toEqual(['password', 'refunds']);
    expect(await catchUpPassages({ knowledge: store.knowledge, library })).toEqual({ added: 0, removed: 0, vectors: 0 });
  });

  it('serves a request made before the load once loaded, and folds requests made during a run into one more run', async () => {
    const store = storedPassages([REFUNDS]);
    const library = createPassageLibrary();
    const catchUp = createPassageCatchUp({ knowledge: store.knowledge, library, log });
    await catchUp.request('early');
    expect(store.calls.listIds).toBe(0);
    await catchUp.load();
    expect(store.calls.listIds).toBe(1);
    expect(library.ids()).toEqual(['refunds']);

    store.rows.set('shipping', SHIPPING);
    const runs = [catchUp.request('a'), catchUp.request('b'), catchUp.request('c')];
    await Promise.all(runs);
    expect(store.calls.listIds).toBe(3);
    expect(library.has('shipping')).toBe(true);
  });
});
