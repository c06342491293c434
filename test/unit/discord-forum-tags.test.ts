import { ChannelType, type Client } from 'discord.js';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createForumPostTagger } from '../../src/adapters/discord/forum-post-tagger.js';
import { statusTagOf, tagsFor } from '../../src/adapters/discord/forum-status-tags.js';
import { postText } from '../../src/adapters/discord/handlers/forum-post.js';

const TAGS = [
  { id: 'open', name: 'Open' },
  { id: 'answered', name: 'answered' },
  { id: 'agent', name: 'With an Agent' },
  { id: 'resolved', name: ' RESOLVED ' },
  { id: 'bug', name: 'Bug' },
  { id: 'billing', name: 'Billing' },
];

describe('statusTagOf', () => {
  it('knows the status tags by name whatever their case and spacing, "agent" included', () => {
    expect(['open', 'Answered', 'with  an agent', 'Agent', 'resolved '].map(statusTagOf)).toEqual([
      'open',
      'answered',
      'agent',
      'agent',
      'resolved',
    ]);
    expect(statusTagOf('Bug')).toBeNull();
    expect(statusTagOf('opened')).toBeNull();
  });
});

describe('tagsFor', () => {
  it('gives each status its tag', () => {
    expect(tagsFor('OPEN', TAGS, [])).toEqual(['open']);
    expect(tagsFor('AUTO_RESOLVED', TAGS, [])).toEqual(['answered']);
    expect(tagsFor('ESCALATED', TAGS, [])).toEqual(['agent']);
    expect(tagsFor('IN_PROGRESS', TAGS, [])).toEqual(['agent']);
    expect(tagsFor('RESOLVED', TAGS, [])).toEqual(['resolved']);
    expect(tagsFor('CLOSED', TAGS, [])).toEqual(['resolved']);
  });

  it('replaces the other status tags and keeps the post’s own tags in their order', () => {
    expect(tagsFor('ESCALATED', TAGS, ['bug', 'open', 'answered', 'billing'])).toEqual(['bug', 'billing', 'agent']);
  });

  it('changes nothing when the post already carries the right tags', () => {
    expect(tagsFor('IN_PROGRESS', TAGS, ['bug', 'agent'])).toBeNull();
    expect(tagsFor('IN_PROGRESS', TAGS, ['agent', 'bug'])).toBeNull();
  });

  it('leaves a forum without the status’s tag alone, even when it has other status tags', () => {
    expect(tagsFor('RESOLVED', [{ id: 'bug', name: 'Bug' }], ['bug'])).toBeNull();
    expect(tagsFor('RESOLVED', [{ id: 'open', name: 'Open' }], ['open'])).toBeNull();
  });

  it('leaves a post alone whose own tags leave no room for the status tag (Discord allows five)', () => {
    const own = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: id.toUpperCase() }));
    expect(tagsFor('OPEN', [...TAGS, ...own], ['a', 'b', 'c', 'd', 'e'])).toBeNull();
    expect(tagsFor('RESOLVED', [...TAGS, ...own], ['a', 'b', 'c', 'd', 'open'])).toEqual(['a', 'b', 'c', 'd', 'resolved']);
  });
});

describe('postText', () => {
  it('puts the post’s title before its body', () => {
    expect(postText('Login trouble', 'I cannot log in')).toBe('Login trouble\n\nI cannot log in');
  });

  it('does not repeat a title the body already starts with, and takes the title alone for an empty body', () => {
    expect(postText('Login trouble', 'login trouble since Monday')).toBe('login trouble since Monday');
    expect(postText(' Login trouble ', '  ')).toBe('Login trouble');
    expect(postText('', 'Body only')).toBe('Body only');
  });
});

describe('createForumPostTagger', () => {
  const log = pino({ level: 'silent' });
  const post = (appliedTags: string[]) => ({
    id: 'post',
    parentId: 'forum',
    appliedTags,
    isThread: () => true,
    setAppliedTags: vi.fn(async () => undefined),
  });
  const client = (channels: Record<string, unknown>) =>
    ({ channels: { fetch: vi.fn(async (id: string) => channels[id] ?? null) } }) as unknown as Client;

  it('sets the status tag on a post of a forum with status tags', async () => {
    const thread = post(['bug']);
    const forum = { id: 'forum', type: ChannelType.GuildForum, availableTags: TAGS };
    await createForumPostTagger(client({ forum, post: thread }), log).tag({ channelId: 'forum', threadId: 'post' }, 'AUTO_RESOLVED');
    expect(thread.setAppliedTags).toHaveBeenCalledWith(['bug', 'answered']);
  });

  it('leaves threads of other channels alone', async () => {
    const thread = post([]);
    const channel = { id: 'forum', type: ChannelType.GuildText };
    await createForumPostTagger(client({ forum: channel, post: thread }), log).tag({ channelId: 'forum', threadId: 'post' }, 'OPEN');
    expect(thread.setAppliedTags).not.toHaveBeenCalled();
  });

  it('never throws: a failed tag is logged at warn', async () => {
    const warn = vi.fn();
    const failing = { channels: { fetch: vi.fn(async () => Promise.reject(new Error('Missing Access'))) } } as unknown as Client;
    const logger = { warn } as unknown as pino.Logger;
    await expect(createForumPostTagger(failing, logger).tag({ channelId: 'forum', threadId: 'post' }, 'OPEN')).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ threadId: 'post', status: 'OPEN' }), expect.any(String));
  });
});
