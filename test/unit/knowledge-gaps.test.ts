// Grouping the escalations no passage answered by what they ask (pure).
import { describe, expect, it } from 'vitest';
import { groupKnowledgeGaps, type GapInput } from '../../src/pipeline/knowledge/knowledge-gaps.js';

const DAY = 24 * 3_600_000;
const START = Date.UTC(2026, 0, 1);

/** Ticket n was created n days after START. */
const gaps = (messages: readonly string[], first = 1): GapInput[] =>
  messages.map((message, i) => ({
    number: first + i,
    message,
    createdAt: new Date(START + (first + i) * DAY),
    bestPassageConfidence: null,
  }));

const EXPORT = ['How do I export my invoices to CSV?', 'Can I export invoices as a CSV file?', 'export invoices to csv'];
const SSO = ['How can I set up SAML single sign-on for my team?', 'Setting up SAML single sign-on'];
const UNRELATED = ['My dog chewed through the charging cable', 'The dark mode colours look wrong on Linux'];
/** Other gaps, as a day's list would have them: what makes "how", "i" and "my" everyday words. */
const BACKGROUND = [
  'Where do I find the API rate limits?',
  'Why was my card declined at checkout?',
  'How do I invite a colleague to my workspace?',
  'My webhook stopped firing yesterday',
  'How long do you keep my backups?',
  'I cannot upload a logo bigger than 2 MB',
];

describe('groupKnowledgeGaps', () => {
  it('returns no groups for no tickets', () => {
    expect(groupKnowledgeGaps([])).toEqual([]);
  });

  it('puts reworded questions about one thing in one group and unrelated messages in groups of their own', () => {
    const groups = groupKnowledgeGaps(gaps([EXPORT[0]!, SSO[0]!, UNRELATED[0]!, EXPORT[1]!, SSO[1]!, EXPORT[2]!, UNRELATED[1]!]));
    const members = groups.map((g) => [...g.ticketNumbers].sort((a, b) => a - b));
    expect(members).toEqual(expect.arrayContaining([[1, 4, 6], [2, 5], [3], [7]]));
    expect(groups).toHaveLength(4);
  });

  it('orders groups by count, then the most recent first, and counts every member', () => {
    const groups = groupKnowledgeGaps(gaps([SSO[0]!, SSO[1]!, EXPORT[0]!, EXPORT[1]!, EXPORT[2]!, UNRELATED[0]!, UNRELATED[1]!]));
    expect(groups.map((g) => g.count)).toEqual([3, 2, 1, 1]);
    expect(groups[0]!.topTerms).toEqual(expect.arrayContaining(['export', 'invoices', 'csv']));
    expect(groups[1]!.topTerms).toEqual(expect.arrayContaining(['saml', 'single', 'sign']));
    // The two singletons tie on count: the newer one (ticket 7) comes first.
    expect(groups.slice(2).map((g) => g.ticketNumbers)).toEqual([[7], [6]]);
    expect(groups[2]!.latestAt).toEqual(new Date(START + 7 * DAY));
  });

  it('gives up to three distinct examples, the most typical first', () => {
    const messages = [
      'Can I export my invoices to CSV from the billing page?',
      'export invoices to CSV',
      'How do I export invoices to CSV?',
      'export invoices to CSV',
      'Exporting invoices to CSV',
      ...SSO,
      ...UNRELATED,
      ...BACKGROUND,
    ];
    const [group] = groupKnowledgeGaps(gaps(messages));
    expect(group!.count).toBe(5);
    // The two copies of one message are one example; the wordiest message is the least typical.
    expect(group!.exampleMessages).toEqual(['Exporting invoices to CSV', 'export invoices to CSV', 'How do I export invoices to CSV?']);
  });

  it('lists up to twenty ticket numbers, newest first, and counts them all', () => {
    const [group, ...rest] = groupKnowledgeGaps(
      gaps(Array.from({ length: 25 }, (_, i) => `export invoices to CSV (attempt ${i % 2 === 0 ? 'one' : 'two'})`)),
    );
    expect(rest).toEqual([]);
    expect(group!.count).toBe(25);
    expect(group!.ticketNumbers).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
    expect(group!.latestAt).toEqual(new Date(START + 25 * DAY));
  });

  it("reports the best passage confidence any member's triage saw, or null when none had a passage", () => {
    const tickets = gaps([...EXPORT, ...SSO]).map((t, i) => ({ ...t, bestPassageConfidence: [0.2, 0.41, null, null, null][i]! }));
    const groups = groupKnowledgeGaps(tickets);
    expect(groups.map((g) => g.bestPassageConfidence)).toEqual([0.41, null]);
  });

  it('gives the same groups whatever the order the tickets come in', () => {
    const tickets = gaps([...EXPORT, ...SSO, ...UNRELATED]);
    const shuffled = [tickets[4]!, tickets[0]!, tickets[6]!, tickets[2]!, tickets[5]!, tickets[1]!, tickets[3]!];
    expect(groupKnowledgeGaps(shuffled)).toEqual(groupKnowledgeGaps(tickets));
  });

  it('keeps apart messages that share only everyday words', () => {
    const asks = ['How do I reset my password?', 'How do I change my billing address?', 'How do I delete my account?'];
    const groups = groupKnowledgeGaps(gaps([...asks, ...BACKGROUND]));
    expect(groups.every((g) => g.count === 1)).toBe(true);
  });

  it('joins at a lower threshold what it keeps apart at a higher one', () => {
    const pair = gaps([
      'How do I export my invoices to CSV?',
      'Is there a way to export all my invoices to a CSV spreadsheet?',
      ...UNRELATED,
    ]);
    expect(groupKnowledgeGaps(pair, 0.3)[0]!.count).toBe(2);
    expect(groupKnowledgeGaps(pair, 0.9)[0]!.count).toBe(1);
  });
});
