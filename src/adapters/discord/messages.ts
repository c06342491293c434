// Everything Firstline posts on Discord, as API payloads (content, embeds, buttons, modals). Pure.
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIButtonComponent,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { AgentsPostView, ChatPerson, CustomerNotice } from '../../domain/ports/chat.js';
import type { IncidentSummary } from '../../domain/incident.js';
import type { SlaNotice } from '../../domain/ports/sla.js';
import type { UrgentAlert } from '../../domain/ports/alerts.js';
import type { Metrics } from '../../domain/metrics.js';
import type { SlaAttainment } from '../../domain/sla-attainment.js';
import type { Ticket } from '../../domain/ticket.js';
import { UNKNOWN_INTENT } from '../../domain/decide.js';
import { INTENT_LABEL_MAX_CHARS } from '../../pipeline/learning/intent-label.js';
import {
  STATUS_LABELS,
  alertSummary,
  escalationNotice,
  incidentNote,
  incidentSummary,
  feedbackNote,
  metricsFigures,
  metricsFootnote,
  percent,
  slaAttainmentLine,
  shadowModeNote,
  suggestionHeading,
  DOCS_HEADING,
  docsConfidence,
  truncate,
} from '../../pipeline/chat/wording/wording.js';
import { SLA_ATTENTION, SLA_HEADING, slaNoticeWording, slaTimerLines, type TimeFormat } from '../../pipeline/chat/wording/sla-wording.js';

export type DiscordMessage = Pick<RESTPostAPIChannelMessageJSONBody, 'content' | 'embeds' | 'components' | 'allowed_mentions'>;

/** Custom ids carry the action and the ticket id ("claim:<uuid>"). */
export const CUSTOM = {
  helpful: 'helpful',
  notHelpful: 'not_helpful',
  claim: 'claim',
  reply: 'reply',
  replyModal: 'reply_modal',
} as const;
export const REPLY_FIELD = 'reply';
export const INTENT_FIELD = 'intent';

export const customId = (action: string, ticketId: string): string => `${action}:${ticketId}`;
export function parseCustomId(id: string): { action: string; ticketId: string } | null {
  const match = /^([a-z_]+):([0-9a-f-]{36})$/.exec(id);
  return match ? { action: match[1]!, ticketId: match[2]! } : null;
}

/** Nobody is pinged by what Firstline posts; mentions still render as names. */
const NO_PINGS: APIAllowedMentions = Object.freeze({ parse: [] });
/** Markdown characters, so a customer's text shows as written. */
export const escapeMarkdown = (text: string): string => text.replace(/([\\*_~`|>#[\]()-])/g, '\\$1');
const quote = (text: string, max = 1000): string =>
  truncate(escapeMarkdown(text), max)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
/** Our own identifiers (intents, reasons) as inline code: shown exactly, underscores and all. */
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
export const personLabel = (person: ChatPerson): string => (person.chatUserId ? `<@${person.chatUserId}>` : escapeMarkdown(person.name));

const button = (
  label: string,
  id: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success,
): APIButtonComponent => ({
  type: ComponentType.Button,
  label,
  custom_id: id,
  style,
});
const row = (...buttons: APIButtonComponent[]): APIActionRowComponent<APIButtonComponent> => ({
  type: ComponentType.ActionRow,
  components: buttons,
});

export function commandReply(ticket: Ticket, requester: ChatPerson): string {
  return `**Ticket #${ticket.number}** from ${personLabel(requester)}\n${quote(ticket.message, 1500)}\nThe answer comes in the thread below.`;
}

export function customerMessage(notice: CustomerNotice): DiscordMessage {
  switch (notice.kind) {
    case 'answer':
      return {
        content: truncate(
          `${notice.text}\n\n-# Ticket #${notice.ticketNumber} · automatic answer${notice.fromSimilarTicket ? ' from a similar resolved request' : ''}`,
          2000,
        ),
        components: [
          row(
            button('That solved it', customId(CUSTOM.helpful, notice.ticketId), ButtonStyle.Success),
            button('I still need help', customId(CUSTOM.notHelpful, notice.ticketId), ButtonStyle.Secondary),
          ),
        ],
        allowed_mentions: NO_PINGS,
      };
    case 'escalated':
      return { content: escalationNotice(notice.ticketNumber, notice.reason), allowed_mentions: NO_PINGS };
    case 'agent_answer':
      return {
        content: truncate(`${notice.text}\n\n-# ${personLabel(notice.agent)} from support · Ticket #${notice.ticketNumber}`, 2000),
        allowed_mentions: NO_PINGS,
      };
  }
}

export function afterFeedback(content: string, helpful: boolean): DiscordMessage {
  return { content: truncate(`${content}\n${feedbackNote(helpful)}`, 2000), components: [], allowed_mentions: NO_PINGS };
}

/**
 * Instants as Discord timestamps, which every reader sees in their own time zone ("7 December 2026
 * 10:00", and "12 minutes ago" kept current by Discord). They render in content and embed fields.
 */
export const discordTimeFormat: TimeFormat = {
  at: (instant) => `<t:${Math.floor(instant.getTime() / 1000)}:f>`,
  ago: (instant) => `<t:${Math.floor(instant.getTime() / 1000)}:R>`,
};

/** A Discord id (a snowflake): anything else is not written into a mention. */
const isSnowflake = (id: string): boolean => /^\d{1,20}$/.test(id);

const STATUS_COLOR: Partial<Record<Ticket['status'], number>> = { ESCALATED: 0xd83c3e, IN_PROGRESS: 0xf0b232, RESOLVED: 0x23a55a };

export function agentsPost(view: AgentsPostView): DiscordMessage {
  const { ticket } = view;
  const status = { label: STATUS_LABELS[ticket.status] ?? ticket.status, color: STATUS_COLOR[ticket.status] ?? 0x80848e };
  const by = view.assignee && ticket.status !== 'ESCALATED' ? ` by ${personLabel(view.assignee)}` : '';
  const fields: APIEmbed['fields'] = [
    { name: 'Requester', value: personLabel(view.requester), inline: true },
    { name: 'Intent', value: `${code(ticket.intent ?? 'unknown')} (${percent(ticket.confidence)})`, inline: true },
    { name: 'Reason', value: code(ticket.escalationReason ?? 'n/a'), inline: true },
    { name: 'Urgency', value: `${ticket.urgency.toLowerCase()} · ${ticket.priority}`, inline: true },
  ];
  if (view.slaTimers.length > 0)
    fields.push({ name: SLA_HEADING, value: truncate(slaTimerLines(view.slaTimers, discordTimeFormat).join('\n'), 1024) });
  if (view.offeredTo) fields.push({ name: 'Offered to', value: `${personLabel(view.offeredTo)} (skills and load); anyone may claim it.` });
  if (view.incidentNumber !== null) fields.push({ name: 'Incident', value: incidentNote(view.incidentNumber) });
  if (view.rejectedAnswer) fields.push({ name: 'Automatic answer the customer rejected', value: quote(view.rejectedAnswer) });
  const shadow = shadowModeNote(ticket.escalationReason);
  if (shadow) fields.push({ name: 'Shadow mode', value: shadow });
  if (view.suggestedReply && ticket.status !== 'RESOLVED') {
    // A field's value holds 1024 characters; the quote's "> " per line is counted too.
    fields.push({ name: suggestionHeading(view.suggestedReplyConfidence), value: truncate(quote(view.suggestedReply, 1000), 1024) });
  }
  if (view.passages.length > 0) {
    const lines = view.passages.map((p) => `• ${p.link ? `[${p.title}](${p.link})` : p.title}${docsConfidence(p.answerConfidence)}`);
    fields.push({ name: DOCS_HEADING, value: truncate(lines.join('\n'), 1024) });
  }
  if (ticket.status === 'RESOLVED' && ticket.response) fields.push({ name: `Answer sent`, value: quote(ticket.response) });
  const buttons: APIButtonComponent[] = [];
  if (ticket.status === 'ESCALATED') buttons.push(button('Claim', customId(CUSTOM.claim, ticket.id), ButtonStyle.Primary));
  if (ticket.status === 'ESCALATED' || ticket.status === 'IN_PROGRESS')
    buttons.push(button('Reply', customId(CUSTOM.reply, ticket.id), ButtonStyle.Secondary));
  return {
    content: `**Ticket #${ticket.number}** · ${status.label}${by}${view.offeredTo ? ` · offered to ${personLabel(view.offeredTo)}` : ''}`,
    embeds: [
      {
        title: `Ticket #${ticket.number}`,
        description: quote(ticket.message, 3500),
        color: status.color,
        fields,
        footer: { text: `Messages in this post's thread are internal notes; the customer sees only Reply or /resolve ${ticket.number}.` },
      },
    ],
    components: buttons.length > 0 ? [row(...buttons)] : [],
    // Only the agent it is offered to is pinged (embeds never ping; the content does).
    allowed_mentions: view.offeredTo?.chatUserId ? { parse: [], users: [view.offeredTo.chatUserId] } : NO_PINGS,
  };
}

export function relayMessage(from: ChatPerson, text: string): DiscordMessage {
  return {
    content: truncate(`${personLabel(from)} wrote in the ticket's conversation:\n${quote(text, 1800)}`, 2000),
    allowed_mentions: NO_PINGS,
  };
}

/**
 * An SLA escalation step in the thread of the agents' post. Exactly the agent and the on-call role
 * named are pinged; nothing else in it can ping.
 */
export function slaNoticeMessage(notice: SlaNotice): DiscordMessage {
  const { title, text } = slaNoticeWording(notice, discordTimeFormat);
  const userId = notice.mention?.chatUserId && isSnowflake(notice.mention.chatUserId) ? notice.mention.chatUserId : null;
  const roleId = notice.onCallGroupId && isSnowflake(notice.onCallGroupId) ? notice.onCallGroupId : null;
  const mentions = [
    ...(notice.mention ? [userId ? `<@${userId}>` : escapeMarkdown(notice.mention.name)] : []),
    ...(roleId ? [`<@&${roleId}>`] : []),
  ];
  return {
    content: truncate(`**${title}**\n${text}${mentions.length > 0 ? `\n${SLA_ATTENTION} ${mentions.join(' ')}` : ''}`, 2000),
    allowed_mentions: { parse: [], users: userId ? [userId] : [], roles: roleId ? [roleId] : [] },
  };
}

/**
 * Why a Reply modal was refused for its intent. The modal is gone by then (Discord cannot show a
 * field error), so it says the reply was not sent, what is allowed and to press Reply again, and
 * quotes the reply so it can be copied back into the new modal.
 */
export function badIntentMessage(problem: string, intentNames: readonly string[], reply: string): string {
  const known = truncate([...intentNames, UNKNOWN_INTENT].map(code).join(', '), 600);
  const head = truncate(
    `Your reply was **not sent**. ${problem}\nKnown intents: ${known}. A new snake_case name teaches a new topic; an empty field resolves without teaching.\nPress **Reply** again to send it.`,
    1400,
  );
  return truncate(`${head}\nYour reply:\n${quote(reply, 1900 - head.length)}`, 2000);
}

export function replyModal(ticket: Ticket, suggestion: string | null): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId(CUSTOM.replyModal, ticket.id),
    title: truncate(`Reply to ticket #${ticket.number}`, 45),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: REPLY_FIELD,
            label: 'Reply to the customer',
            style: TextInputStyle.Paragraph,
            required: true,
            max_length: 4000,
            ...(suggestion ? { value: truncate(suggestion, 4000) } : {}),
          },
        ],
      },
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: INTENT_FIELD,
            label: 'Intent: confirm, correct, unknown or new',
            style: TextInputStyle.Short,
            required: false,
            max_length: INTENT_LABEL_MAX_CHARS,
            placeholder: 'e.g. login_issue, unknown or refund_request; empty: no intent',
            ...(ticket.intent ? { value: ticket.intent } : {}),
          },
        ],
      },
    ],
  };
}

export function metricsEmbed(m: Metrics, sla: readonly SlaAttainment[]): APIEmbed {
  const slaLine = slaAttainmentLine(sla);
  return {
    title: `Support metrics · last ${m.window}`,
    color: 0x5865f2,
    ...(slaLine ? { description: slaLine } : {}),
    fields: metricsFigures(m).map(({ label, value }) => ({ name: label, value, inline: true })),
    footer: { text: metricsFootnote(m, escapeMarkdown) },
  };
}

/** An urgent-ticket alert for a Discord channel webhook. */
export function alertMessage(alert: UrgentAlert): DiscordMessage {
  const { title, facts } = alertSummary(alert);
  return {
    embeds: [
      {
        title,
        description: quote(alert.message, 2000),
        color: 0xd83c3e,
        fields: facts.map((f) => ({ name: f.label, value: escapeMarkdown(f.value), inline: true })),
      },
    ],
    allowed_mentions: NO_PINGS,
  };
}

/** An incident's post in the agents' channel. */
export function incidentPost(incident: IncidentSummary): DiscordMessage {
  const { title, facts, footer } = incidentSummary(incident);
  const fields: APIEmbed['fields'] = facts.map((f) => ({ name: f.label, value: escapeMarkdown(f.value), inline: true }));
  if (incident.response) fields.push({ name: 'Resolution sent', value: quote(incident.response) });
  return {
    content: `**${title}**`,
    embeds: [
      {
        title,
        description: quote(incident.title, 3500),
        color: incident.status === 'RESOLVED' ? 0x23a55a : 0xd83c3e,
        fields,
        footer: { text: footer },
      },
    ],
    components: [],
    allowed_mentions: NO_PINGS,
  };
}
