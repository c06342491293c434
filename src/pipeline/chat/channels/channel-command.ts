// `/firstline channel on|off [external|everyone]` in chat: an admin turns the channel they type in
// into a support channel, or back. The same words on every platform; the adapter only says who
// typed it, whether they are an admin, and what the platform knows of the channel.
import type { SupportChannelRepository } from '../../../domain/ports/chat.js';
import type { ChannelAudience, SupportChannel } from '../../../domain/support-channel.js';
import type { ChatPlatform } from '../../../domain/ticket.js';

export type ChannelCommand = { kind: 'on'; audience: ChannelAudience | null } | { kind: 'off' } | { kind: 'status' } | { kind: 'help' };

const AUDIENCE_WORDS: Readonly<Record<string, ChannelAudience>> = { external: 'EXTERNAL', everyone: 'EVERYONE' };

export const CHANNEL_COMMAND_USAGE = [
  '`/firstline channel on` — every customer request in this channel becomes a ticket, answered in its thread',
  '`/firstline channel on external` — only people from other organisations are customers (a Slack Connect channel)',
  '`/firstline channel on everyone` — everyone but agents is a customer (an internal help channel)',
  '`/firstline channel off` — back to an ordinary channel',
  '`/firstline channel` — how this channel is set',
].join('\n');

/** What the words after `/firstline` ask for; anything else is `help`. */
export function parseChannelCommand(text: string): ChannelCommand {
  const [topic, action, audience, ...rest] = text.trim().toLowerCase().split(/\s+/);
  if (topic !== 'channel' || rest.length > 0) return { kind: 'help' };
  if (action === undefined) return audience === undefined ? { kind: 'status' } : { kind: 'help' };
  if (action === 'off') return audience === undefined ? { kind: 'off' } : { kind: 'help' };
  if (action !== 'on') return { kind: 'help' };
  if (audience === undefined) return { kind: 'on', audience: null };
  const chosen = AUDIENCE_WORDS[audience];
  return chosen ? { kind: 'on', audience: chosen } : { kind: 'help' };
}

export interface ChannelCommandContext {
  platform: ChatPlatform;
  workspaceId: string;
  channelId: string;
  /** The Firstline user who typed it. */
  userId: string;
  isAdmin: boolean;
  /** The audience when none is given: EXTERNAL for a channel shared with other organisations, else EVERYONE. */
  defaultAudience: () => Promise<ChannelAudience>;
}

const AUDIENCE_TEXT: Readonly<Record<ChannelAudience, string>> = {
  EXTERNAL: 'people from other organisations are customers; your own team and agents are not',
  EVERYONE: 'everyone but agents is a customer',
};

const describeChannel = (channel: Pick<SupportChannel, 'audience'>) =>
  `This is a support channel: each request posted here becomes a ticket, answered in its thread. Audience: ${AUDIENCE_TEXT[channel.audience]}.`;

/** Runs the command; the answer is shown to the person who typed it only. */
export async function runChannelCommand(
  deps: { supportChannels: SupportChannelRepository },
  context: ChannelCommandContext,
  command: ChannelCommand,
): Promise<string> {
  const { platform, channelId } = context;
  if (command.kind === 'help') return CHANNEL_COMMAND_USAGE;
  if (command.kind === 'status') {
    const channel = await deps.supportChannels.find(platform, channelId);
    return channel ? describeChannel(channel) : 'This is not a support channel. `/firstline channel on` makes it one.';
  }
  if (!context.isAdmin) return 'Only admins can change how a channel is handled.';
  if (command.kind === 'off') {
    const removed = await deps.supportChannels.remove(platform, channelId);
    return removed
      ? 'This is no longer a support channel: new messages here open no tickets. Open tickets keep their threads.'
      : 'This was not a support channel.';
  }
  const audience = command.audience ?? (await context.defaultAudience());
  const channel = await deps.supportChannels.save({
    platform,
    workspaceId: context.workspaceId,
    channelId,
    audience,
    enabledById: context.userId,
  });
  return describeChannel(channel);
}
