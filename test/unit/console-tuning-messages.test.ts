import { describe, expect, it } from 'vitest';
import type { KnowledgeSource, StoredPassage } from '../../src/domain/ports/knowledge.js';
import { parseSkills, resolveIncidentMessage, syncAllMessages, syncMessage } from '../../src/http/console/tuning-messages.js';

const source = (over: Partial<KnowledgeSource> = {}): KnowledgeSource => ({
  id: 's1',
  name: 'help',
  location: { kind: 'path', path: '/docs' },
  createdAt: new Date(0),
  lastSyncedAt: new Date(0),
  pageCount: 2,
  chunkCount: 5,
  errors: [],
  ...over,
});
const passages = (n: number) => Array.from({ length: n }, () => ({}) as StoredPassage);

describe('the tuning pages’ messages', () => {
  it('says what a sync changed, in sections, and how many pages failed', () => {
    expect(syncMessage({ source: source(), changes: { added: passages(1), removedIds: ['a', 'b'], kept: 3 } })).toBe(
      'Synced “help”: 1 section added, 2 removed, 3 unchanged.',
    );
    expect(
      syncMessage({
        source: source({
          errors: [
            { url: 'x.md', error: 'too big' },
            { url: 'y.md', error: 'gone' },
          ],
        }),
        changes: { added: passages(2), removedIds: [], kept: 0 },
      }),
    ).toBe('Synced “help”: 2 sections added, 0 removed, 0 unchanged. 2 pages could not be read.');
  });

  it('says when a source could not be read at all, with why, and that its passages were kept', () => {
    const unread = source({ errors: [{ url: '/docs', error: 'no such folder' }] });
    expect(syncMessage({ source: unread, changes: null })).toBe(
      '“help” could not be read: no such folder. Its passages were kept as they were.',
    );
  });

  it('gives one line per source for "sync all", or says there was none', () => {
    expect(syncAllMessages([])).toEqual(['There are no knowledge sources to sync.']);
    const changes = { added: [], removedIds: [], kept: 4 };
    expect(
      syncAllMessages([
        { source: source(), changes },
        { source: source({ name: 'site' }), changes },
      ]),
    ).toEqual(['Synced “help”: 0 sections added, 0 removed, 4 unchanged.', 'Synced “site”: 0 sections added, 0 removed, 4 unchanged.']);
  });

  it('says how many reports an incident’s answer reached and how many were left to another agent', () => {
    expect(resolveIncidentMessage({ incident: { number: 7 }, resolved: 3, skipped: 0 })).toBe('Incident #7 resolved: 3 reports answered.');
    expect(resolveIncidentMessage({ incident: { number: 7 }, resolved: 1, skipped: 1 })).toBe(
      'Incident #7 resolved: 1 report answered. 1 ticket claimed by another agent was left to them.',
    );
  });

  it('reads skills typed with commas or spaces as distinct lower-case words', () => {
    expect(parseSkills(' Billing, refunds  vip,,billing\n')).toEqual(['billing', 'refunds', 'vip']);
    expect(parseSkills('   ')).toEqual([]);
  });
});
