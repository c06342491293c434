// Block Kit for everything Firstline posts in Slack. Pure functions: text in, blocks out.
import type { types } from '@slack/bolt';
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
import {
  SLA_ATTENTION,
  SLA_HEADING,
  slaNoticeWording,
  slaTimersLine,
  utcTimeFormat,
  type TimeFormat,
} from '../../pipeline/chat/wording/sla-wording.js';

type Block = types.KnownBlock;

export const ACTIONS = {
  helpful: 'feedback_helpful',
  notHelpful: 'feedback_not_helpful',
  claim: 'agent_claim',
  reply: 'agent_reply',
} as const;
export const REPLY_MODAL = 'agent_reply_modal';
export const REPLY_INPUT = { block: 'reply', action: 'text' } as const;
export const INTENT_INPUT = { block: 'intent', action: 'intent' } as const;

/** Slack's mrkdwn control characters, so customers' text is shown, never interpreted (no @channel). */
export const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Section text is limited to 3000 characters. */
const sectionText = (text: string): string => truncate(text, 2900);
const quote = (text: string): string =>
  escapeText(truncate(text, 2800))
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');

export const personLabel = (person: ChatPerson): string => (person.chatUserId ? `<@${person.chatUserId}>` : escapeText(person.name));

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: sectionText(text) } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 2900) }] });

export function headerMessage(ticket: Ticket, requester: ChatPerson): { text: string; blocks: Block[] } {
  const text = `Ticket #${ticket.number}: ${escapeText(truncate(ticket.message, 150))}`;
  return {
    text,
    blocks: [
      section(`*Ticket #${ticket.number}*\n${quote(ticket.message)}`),
      context(`Opened by ${personLabel(requester)}. The answer comes in this thread.`),
    ],
  };
}

export function customerMessage(notice: CustomerNotice): { text: string; blocks: Block[] } {
  switch (notice.kind) {
    case 'answer':
      return {
        text: escapeText(notice.text),
        blocks: [
          section(escapeText(notice.text)),
          context(`Ticket #${notice.ticketNumber} · automatic answer${notice.fromSimilarTicket ? ' from a similar resolved request' : ''}`),
          {
            type: 'actions',
            block_id: 'feedback',
            elements: [
              {
                type: 'button',
                action_id: ACTIONS.helpful,
                text: { type: 'plain_text', text: 'That solved it' },
                style: 'primary',
                value: notice.ticketId,
              },
              {
                type: 'button',
                action_id: ACTIONS.notHelpful,
                text: { type: 'plain_text', text: 'I still need help' },
                value: notice.ticketId,
              },
            ],
          },
        ],
      };
    case 'escalated': {
      const text = escalationNotice(notice.ticketNumber, notice.reason);
      return { text, blocks: [section(text)] };
    }
    case 'agent_answer':
      return {
        text: escapeText(notice.text),
        blocks: [section(escapeText(notice.text)), context(`${personLabel(notice.agent)} from support · Ticket #${notice.ticketNumber}`)],
      };
  }
}

/** After a feedback button: the answer stays, the buttons give way to what was recorded. */
export function answerAfterFeedback(original: Block[], helpful: boolean): Block[] {
  const kept = original.filter((b) => b.type !== 'actions');
  return [...kept, context(feedbackNote(helpful))];
}

const STATUS_ICON: Partial<Record<Ticket['status'], string>> = { ESCALATED: '🔴', IN_PROGRESS: '🟡', RESOLVED: '🟢', CLOSED: '⚪' };

/**
 * Instants as Slack's date tokens, which every reader sees in their own time zone ("today 2:30 PM",
 * "12 minutes ago", kept current by Slack); the UTC wording is the fallback for clients without them.
 */
export function slackTimeFormat(now: Date): TimeFormat {
  const fallback = utcTimeFormat(now);
  const token = (instant: Date, format: string, text: string) => `<!date^${Math.floor(instant.getTime() / 1000)}^${format}|${text}>`;
  return {
    at: (instant) => token(instant, '{date_short_pretty} {time}', fallback.at(instant)),
    ago: (instant) => token(instant, '{ago}', fallback.ago(instant)),
  };
}

/** A Slack user group id ("S0123ABC"; letters and digits, as SLA_CONFIG_FILE checks): anything else is not written into a mention. */
const isUserGroupId = (id: string): boolean => /^[A-Za-z0-9]{1,64}$/.test(id);

export function agentsPost(view: AgentsPostView, now: Date = new Date()): { text: string; blocks: Block[] } {
  const { ticket } = view;
  const status = `${STATUS_ICON[ticket.status] ?? ''} ${STATUS_LABELS[ticket.status] ?? ticket.status}`.trim();
  const who = view.assignee ? ` by ${personLabel(view.assignee)}` : '';
  const sla = slaTimersLine(view.slaTimers, slackTimeFormat(now));
  const blocks: Block[] = [
    section(`*Ticket #${ticket.number}* · ${status}${ticket.status === 'ESCALATED' ? '' : who}`),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Requester*\n${personLabel(view.requester)}` },
        { type: 'mrkdwn', text: `*Intent*\n${escapeText(ticket.intent ?? 'unknown')} (${percent(ticket.confidence)})` },
        { type: 'mrkdwn', text: `*Reason*\n${escapeText(ticket.escalationReason ?? 'n/a')}` },
        { type: 'mrkdwn', text: `*Urgency*\n${ticket.urgency.toLowerCase()} · ${ticket.priority}` },
      ],
    },
    ...(sla ? [section(`*${SLA_HEADING}* · ${sla}`)] : []),
    section(`*Message*\n${quote(ticket.message)}`),
  ];
  // A mention, so the agent it is offered to is notified.
  if (view.offeredTo) blocks.push(context(`Offered to ${personLabel(view.offeredTo)} (skills and load); anyone may claim it.`));
  if (view.incidentNumber !== null) blocks.push(section(`🔥 ${incidentNote(view.incidentNumber)}`));
  if (view.rejectedAnswer) blocks.push(section(`*Automatic answer the customer rejected*\n${quote(view.rejectedAnswer)}`));
  const shadow = shadowModeNote(ticket.escalationReason);
  if (shadow) blocks.push(context(`👀 ${shadow}`));
  if (view.suggestedReply && ticket.status !== 'RESOLVED') {
    blocks.push(section(`*${suggestionHeading(view.suggestedReplyConfidence)}*\n${quote(view.suggestedReply)}`));
  }
  if (view.passages.length > 0) {
    const lines = view.passages.map(
      (p) => `• ${p.link ? `<${p.link}|${escapeText(p.title)}>` : escapeText(p.title)}${docsConfidence(p.answerConfidence)}`,
    );
    blocks.push(section(`*${DOCS_HEADING}*\n${lines.join('\n')}`));
  }
  if (ticket.status === 'RESOLVED' && ticket.response) blocks.push(section(`*Answer sent${who}*\n${quote(ticket.response)}`));
  const buttons = [];
  if (ticket.status === 'ESCALATED') {
    buttons.push({
      type: 'button' as const,
      action_id: ACTIONS.claim,
      text: { type: 'plain_text' as const, text: 'Claim' },
      style: 'primary' as const,
      value: ticket.id,
    });
  }
  if (ticket.status === 'ESCALATED' || ticket.status === 'IN_PROGRESS') {
    buttons.push({
      type: 'button' as const,
      action_id: ACTIONS.reply,
      text: { type: 'plain_text' as const, text: 'Reply' },
      value: ticket.id,
    });
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'agent', elements: buttons });
  blocks.push(context(`Replies in this thread are internal notes; the customer sees only Reply or \`/resolve ${ticket.number}\`.`));
  return { text: `Ticket #${ticket.number} · ${status}: ${escapeText(truncate(ticket.message, 150))}`, blocks };
}

export function relayMessage(from: ChatPerson, text: string): { text: string; blocks: Block[] } {
  return {
    text: `${escapeText(from.name)}: ${escapeText(truncate(text, 150))}`,
    blocks: [section(`${personLabel(from)} wrote in the ticket's thread:\n${quote(text)}`)],
  };
}

/** An SLA escalation step in the thread of the agents' post; the agent and the on-call group are mentioned (notified). */
export function slaNoticeMessage(notice: SlaNotice, now: Date = new Date()): { text: string; blocks: Block[] } {
  const { title, text } = slaNoticeWording(notice, slackTimeFormat(now));
  const mentions = [
    ...(notice.mention ? [personLabel(notice.mention)] : []),
    ...(notice.onCallGroupId && isUserGroupId(notice.onCallGroupId) ? [`<!subteam^${notice.onCallGroupId}>`] : []),
  ];
  const attention = mentions.length > 0 ? `\n${SLA_ATTENTION} ${mentions.join(' ')}` : '';
  return { text: `${title}: ${text}${attention.replace('\n', ' ')}`, blocks: [section(`*${title}*\n${text}${attention}`)] };
}

/**
 * The Reply modal. Its intent is a text input prefilled with the ticket's intent, not a select: a
 * select cannot take a new name, which is how agents teach a new topic; it holds at most 100 options;
 * and the learned intents live in the database, while the modal must open within 3 s of the click.
 * Free text is also what Discord's modal has, so both are checked by one rule (intent-label.ts), and
 * the pack's intents are shown as suggestions in the hint.
 */
export function replyModal(ticket: Ticket, suggestion: string | null, intents: readonly string[]): types.ModalView {
  const suggestions = [...intents, UNKNOWN_INTENT].join(', ');
  const blocks: Block[] = [
    section(`*Ticket #${ticket.number}*\n${quote(ticket.message)}`),
    {
      type: 'input',
      block_id: REPLY_INPUT.block,
      label: { type: 'plain_text', text: 'Reply to the customer' },
      element: {
        type: 'plain_text_input',
        action_id: REPLY_INPUT.action,
        multiline: true,
        max_length: 3000,
        ...(suggestion ? { initial_value: truncate(suggestion, 3000) } : {}),
      },
    },
  ];
  blocks.push({
    type: 'input',
    block_id: INTENT_INPUT.block,
    optional: true,
    label: { type: 'plain_text', text: 'Intent (confirm or correct; teaches the classifier)' },
    hint: {
      type: 'plain_text',
      text: truncate(
        `Known: ${suggestions}. Use ${UNKNOWN_INTENT} when no topic fits, or a new snake_case name (e.g. refund_request) for a new topic. Empty: resolve without teaching.`,
        2000,
      ),
    },
    element: {
      type: 'plain_text_input',
      action_id: INTENT_INPUT.action,
      max_length: INTENT_LABEL_MAX_CHARS,
      ...(ticket.intent ? { initial_value: ticket.intent } : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: REPLY_MODAL,
    private_metadata: ticket.id,
    title: { type: 'plain_text', text: truncate(`Reply to #${ticket.number}`, 24) },
    submit: { type: 'plain_text', text: 'Send and resolve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

export function metricsMessage(m: Metrics, sla: readonly SlaAttainment[]): { text: string; blocks: Block[] } {
  const slaLine = slaAttainmentLine(sla);
  return {
    text: `Support metrics (${m.window}): ${m.totals.tickets} tickets, ${percent(m.autoResolveRate)} auto-resolved`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Support metrics · last ${m.window}` } },
      { type: 'section', fields: metricsFigures(m).map(({ label, value }) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` })) },
      context(metricsFootnote(m, escapeText)),
      ...(slaLine ? [context(slaLine)] : []),
    ],
  };
}

/** An urgent-ticket alert for a Slack incoming webhook. */
export function alertMessage(alert: UrgentAlert): { text: string; blocks: Block[] } {
  const { title, facts } = alertSummary(alert);
  return {
    text: `${title}: ${escapeText(truncate(alert.message, 150))}`,
    blocks: [
      section(`*${title}*\n${quote(alert.message)}`),
      context(facts.map((f) => `*${f.label}:* ${escapeText(f.value)}`).join('  ·  ')),
    ],
  };
}

/** An incident's post in the agents' channel. */
export function incidentPost(incident: IncidentSummary): { text: string; blocks: Block[] } {
  const { title, facts, footer } = incidentSummary(incident);
  return {
    text: `${title}: ${escapeText(truncate(incident.title, 150))}`,
    blocks: [
      section(`*${title}*\n${quote(incident.title)}`),
      { type: 'section', fields: facts.map((f) => ({ type: 'mrkdwn' as const, text: `*${f.label}*\n${escapeText(f.value)}` })) },
      ...(incident.response ? [section(`*Resolution sent*\n${quote(incident.response)}`)] : []),
      context(escapeText(footer)),
    ],
  };
}
