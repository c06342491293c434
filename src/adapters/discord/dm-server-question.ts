// The question a DM's customer who shares several servers with the bot is asked before their ticket
// opens: which server it is about, as a select menu of those servers. Its custom id carries the DM
// message's id, so the answer needs nothing remembered (handlers/dm-server-select.ts). Pure.
import { ComponentType, type APIActionRowComponent, type APIStringSelectComponent } from 'discord.js';
import { escapeMarkdown } from './messages.js';
import { MAX_DM_SERVER_CHOICES, type SharedServer } from './server-scope.js';

export const WHICH_SERVER = 'Which server is this about?';
export const DM_MESSAGE_GONE = 'That message was deleted, so I opened no ticket. Write again whenever you need help.';
export const NOT_YOUR_QUESTION = 'Only the person who wrote the message can choose.';
export const NOT_IN_THAT_SERVER = 'You are not in that server (any more); please choose another.';

const PREFIX = 'dm-server:';
/** Discord's longest custom id, and longest option label. */
const MAX_CUSTOM_ID = 100;
const MAX_LABEL = 100;

/** The menu's custom id: `dm-server:<message id>` (a snowflake: at most 20 digits, well within Discord's 100 characters). */
export function dmServerCustomId(messageId: string): string {
  const id = `${PREFIX}${messageId}`;
  if (!/^\d+$/.test(messageId) || id.length > MAX_CUSTOM_ID) throw new Error(`not a Discord message id: ${messageId}`);
  return id;
}

/** The DM message's id a menu's custom id carries, or null when it is not such a menu's. */
export function parseDmServerCustomId(customId: string): string | null {
  return /^dm-server:(\d{1,25})$/.exec(customId)?.[1] ?? null;
}

/** The question, answering the DM's message: the servers by name as options, each valued by its id. */
export function dmServerQuestion(
  servers: readonly SharedServer[],
  messageId: string,
): { content: string; components: APIActionRowComponent<APIStringSelectComponent>[] } {
  const select: APIStringSelectComponent = {
    type: ComponentType.StringSelect,
    custom_id: dmServerCustomId(messageId),
    placeholder: 'Choose a server',
    min_values: 1,
    max_values: 1,
    options: servers.slice(0, MAX_DM_SERVER_CHOICES).map((server) => ({ label: server.name.slice(0, MAX_LABEL), value: server.id })),
  };
  return { content: WHICH_SERVER, components: [{ type: ComponentType.ActionRow, components: [select] }] };
}

/** The question once answered: which server the ticket went to. */
export const dmServerAnswered = (serverName: string | undefined): string =>
  serverName ? `This is about **${escapeMarkdown(serverName)}**; I opened a ticket there.` : 'I opened a ticket.';
