// Makes one delivery: renders it from the ticket's current state and posts it through the
// platform's messenger. Every post is recorded (ChatPost), so a retried delivery job finds it and
// does not post twice, and the thread of a post leads back to its ticket. Every new post also
// carries a key (ticket and purpose), for the one case the record cannot cover: an attempt that
// posted and then failed before recording it (the database went down in between). Its retry asks
// the platform for the keyed post instead of posting again.
import type {
  ChatMessenger,
  ChatPostRepository,
  CustomerNotice,
  Delivery,
  MessageRepository,
  Messengers,
  PostKey,
  PostRef,
  SlaNoticeDelivery,
} from '../../../domain/ports/chat.js';
import type { SlaRepository } from '../../../domain/ports/sla.js';
import { isHandledOnIncident } from '../../../domain/incident.js';
import type { IncidentRepository } from '../../../domain/ports/incidents.js';
import type { TicketRepository } from '../../../domain/ports/tickets.js';
import type { UserRepository } from '../../../domain/ports/access.js';
import type { EventKey } from '../../../domain/ticket-event.js';
import { isWaitingForAPerson, type Ticket, type TicketStatus } from '../../../domain/ticket.js';
import { buildAgentsPostView } from '../wording/agents-post-view.js';
import { describePerson } from '../wording/chat-person.js';
import { AGENTS_POST, COMMAND_REPLY, HEADER, slaNoticePurpose } from './post-purposes.js';

export interface DeliverDeps {
  tickets: TicketRepository;
  incidents: IncidentRepository;
  users: UserRepository;
  posts: ChatPostRepository;
  messages: MessageRepository;
  messengers: Messengers;
  /** The tickets' SLA timers, shown on the agents' post; without it (no SLA wired) the post shows none. */
  sla?: Pick<SlaRepository, 'listTimers'>;
}

export type DeliveryResult =
  | { kind: 'delivered' }
  | { kind: 'already_delivered' }
  | { kind: 'skipped'; reason: string }
  /** Something it builds on (the conversation's thread, the agents' post) is not there yet. */
  | { kind: 'wait'; ms: number };

/**
 * How long a delivery waits for what it builds on before going ahead without it: a reply waits for
 * its conversation's "Ticket #N" post, an update or relay for the agents' post.
 */
export const PREREQUISITE_WAIT_MS = 60_000;

/**
 * How long to put a waiting delivery back: briefly at first (the header post usually lands within
 * tens of milliseconds), then less often, up to half a second.
 */
export const pollDelayMs = (ageMs: number): number => Math.min(500, Math.max(20, Math.round(ageMs / 4)));

/** The changes that escalate a ticket, and so create the agents' post; any other only updates it. */
const ESCALATING_EVENTS: readonly EventKey[] = ['triaged', 'rejected', 'undelivered', 'unlinked'];

/** The statuses SLA notices are about; any other ended the timers. */

const delivered = { kind: 'delivered' } as const;
const already = { kind: 'already_delivered' } as const;
const skipped = (reason: string): DeliveryResult => ({ kind: 'skipped', reason });

/** One attempt at a delivery. */
export interface DeliveryAttempt {
  /** How long ago the delivery was queued. */
  ageMs: number;
  /** When an earlier attempt of it may have posted already (it is a retry); null on its first attempt. */
  retryingSince: Date | null;
}

export async function deliverToChat(deps: DeliverDeps, delivery: Delivery, attempt: DeliveryAttempt): Promise<DeliveryResult> {
  const ticket = await deps.tickets.findById(delivery.ticketId);
  if (!ticket) return skipped('ticket_not_found');
  // The ticket's own workspace when the delivery is on its platform; else that platform's default (API tickets).
  const workspaceId = ticket.chatPlatform === delivery.platform ? ticket.chatWorkspaceId : null;
  const messenger = await deps.messengers.forWorkspace(delivery.platform, workspaceId);
  if (!messenger) return skipped('platform_not_connected');
  const keyFor = (purpose: string): PostKey => ({ key: `${delivery.ticketId}:${purpose}`, retryingSince: attempt.retryingSince });
  switch (delivery.kind) {
    case 'header':
      return (await openThread(deps, messenger, ticket, keyFor(HEADER))).result;
    case 'customer':
      return tellCustomer(deps, messenger, ticket, delivery, attempt, keyFor);
    case 'agents':
      return syncAgentsPost(deps, messenger, ticket, delivery, attempt.ageMs, keyFor(AGENTS_POST));
    case 'relay':
      return relayToAgents(deps, messenger, ticket, delivery.messageId, attempt.ageMs, keyFor);
    case 'incident':
      return syncIncidentPost(deps, messenger, delivery, attempt.ageMs, {
        key: `incident:${delivery.incidentId}`,
        retryingSince: attempt.retryingSince,
      });
    case 'sla':
      return noticeSla(deps, messenger, ticket, delivery, attempt.ageMs, keyFor);
  }
}

/** Posts the "Ticket #N" message of a conversation opened by a command; its thread is the conversation. */
async function openThread(
  deps: DeliverDeps,
  messenger: ChatMessenger,
  ticket: Ticket,
  key: PostKey,
): Promise<{ result: DeliveryResult; threadId: string | null }> {
  if (ticket.chatThreadId) return { result: already, threadId: ticket.chatThreadId };
  if (!ticket.chatChannelId) return { result: skipped('no_chat_channel'), threadId: null };
  const recorded = await deps.posts.find(ticket.id, HEADER);
  const anchor = recorded ? null : await deps.posts.find(ticket.id, COMMAND_REPLY);
  const post =
    recorded ?? (await messenger.postHeader(ticket, await describePerson(deps.users, ticket.requesterId, messenger.platform), anchor, key));
  await deps.tickets.update(
    ticket.id,
    { chatThreadId: post.messageId },
    {
      type: 'chat_thread_opened',
      actor: { kind: 'system' },
      data: { platform: messenger.platform, channelId: post.channelId, threadId: post.messageId },
    },
  );
  if (!recorded) await deps.posts.record({ ticketId: ticket.id, platform: messenger.platform, purpose: HEADER, ...post });
  return { result: recorded ? already : delivered, threadId: post.messageId };
}

async function customerNotice(
  deps: DeliverDeps,
  ticket: Ticket,
  status: TicketStatus,
  messenger: ChatMessenger,
): Promise<CustomerNotice | null> {
  switch (status) {
    case 'AUTO_RESOLVED':
      if (!ticket.response) return null;
      return {
        kind: 'answer',
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        text: ticket.response,
        fromSimilarTicket: ticket.responseSource === 'SIMILAR_TICKET',
      };
    case 'ESCALATED':
      return { kind: 'escalated', ticketNumber: ticket.number, reason: ticket.escalationReason };
    case 'RESOLVED':
      if (!ticket.response) return null;
      return {
        kind: 'agent_answer',
        ticketNumber: ticket.number,
        text: ticket.response,
        agent: ticket.assigneeId
          ? await describePerson(deps.users, ticket.assigneeId, messenger.platform)
          : { name: 'our team', chatUserId: null },
      };
    default:
      return null;
  }
}

async function tellCustomer(
  deps: DeliverDeps,
  messenger: ChatMessenger,
  ticket: Ticket,
  delivery: Extract<Delivery, { kind: 'customer' }>,
  { ageMs }: DeliveryAttempt,
  keyFor: (purpose: string) => PostKey,
): Promise<DeliveryResult> {
  const purpose = `${delivery.eventKey}:customer`;
  if (await deps.posts.find(ticket.id, purpose)) return already;
  if (!ticket.chatChannelId) return skipped('no_chat_channel');
  let threadId = ticket.chatThreadId;
  if (!threadId) {
    // Opened by a command: the answer belongs under its "Ticket #N" post, which is being made.
    // Past the wait (that post keeps failing), post it here so the customer is not left in silence.
    if (ageMs < PREREQUISITE_WAIT_MS) return { kind: 'wait', ms: pollDelayMs(ageMs) };
    threadId = (await openThread(deps, messenger, ticket, keyFor(HEADER))).threadId;
  }
  const seen = delivery.status === 'RESOLVED' ? await answerWrittenInThread(deps, ticket) : null;
  if (seen) {
    await deps.posts.record({
      ticketId: ticket.id,
      platform: messenger.platform,
      purpose,
      channelId: ticket.chatChannelId,
      messageId: seen,
    });
    return already;
  }
  const notice = await customerNotice(deps, ticket, delivery.status, messenger);
  if (!notice) return skipped('nothing_to_say');
  const post = await messenger.notifyCustomer({ channelId: ticket.chatChannelId, threadId }, notice, keyFor(purpose));
  await deps.posts.record({ ticketId: ticket.id, platform: messenger.platform, purpose, ...post });
  return delivered;
}

/**
 * The platform id of an agent's reply in the customer's own thread that says exactly what the
 * ticket was resolved with (a support channel, resolved with ✅): the customer has read it there,
 * and posting it again would say it twice.
 */
async function answerWrittenInThread(deps: DeliverDeps, ticket: Ticket): Promise<string | null> {
  if (!ticket.response) return null;
  const messages = await deps.messages.listForTicket(ticket.id);
  const written = messages.find((m) => m.direction === 'OUTBOUND' && m.externalId !== null && m.body === ticket.response);
  return written?.externalId ?? null;
}

async function syncAgentsPost(
  deps: DeliverDeps,
  messenger: ChatMessenger,
  ticket: Ticket,
  delivery: Extract<Delivery, { kind: 'agents' }>,
  ageMs: number,
  key: PostKey,
): Promise<DeliveryResult> {
  if (!messenger.hasAgentsChannel) return skipped('no_agents_channel');
  const existing = await deps.posts.find(ticket.id, AGENTS_POST);
  // Grouped under an incident: agents handle it on the incident's post; one made before is kept current.
  if (!existing && isHandledOnIncident(ticket)) return skipped('grouped_under_incident');
  if (!existing) {
    // Only an escalation creates the post. An update that overtakes it waits for it, else two
    // posts would exist; past the wait it creates the post itself.
    const creates = ESCALATING_EVENTS.includes(delivery.eventKey) || ageMs >= PREREQUISITE_WAIT_MS;
    if (!creates) return { kind: 'wait', ms: pollDelayMs(ageMs) };
  }
  // Rendered from a fresh read; when the ticket changed while posting, render again so an older
  // state never has the last word.
  let current = ticket;
  let post: PostRef | null = existing;
  for (let round = 0; round < 3; round += 1) {
    const view = await buildAgentsPostView(deps, current, messenger.platform);
    post = await messenger.upsertAgentsPost(view, post, key);
    if (!existing && round === 0)
      await deps.posts.record({ ticketId: ticket.id, platform: messenger.platform, purpose: AGENTS_POST, ...post });
    const after = await deps.tickets.findById(ticket.id);
    if (!after || after.updatedAt.getTime() === current.updatedAt.getTime()) break;
    current = after;
  }
  return delivered;
}

async function relayToAgents(
  deps: DeliverDeps,
  messenger: ChatMessenger,
  ticket: Ticket,
  messageId: string,
  ageMs: number,
  keyFor: (purpose: string) => PostKey,
): Promise<DeliveryResult> {
  const purpose = `relay:${messageId}`;
  if (await deps.posts.find(ticket.id, purpose)) return already;
  const post = await deps.posts.find(ticket.id, AGENTS_POST);
  if (!post) return ageMs < PREREQUISITE_WAIT_MS ? { kind: 'wait', ms: pollDelayMs(ageMs) } : skipped('no_agents_post');
  const message = await deps.messages.findById(messageId);
  if (!message) return skipped('message_not_found');
  const from = message.authorId
    ? await describePerson(deps.users, message.authorId, messenger.platform)
    : { name: 'the customer', chatUserId: null };
  const relayed = await messenger.relayToAgents(post, from, message.body, keyFor(purpose));
  await deps.posts.record({ ticketId: ticket.id, platform: messenger.platform, purpose, ...relayed });
  return delivered;
}

/** An SLA escalation step, told in the thread of the agents' post with its mentions: once per timer and step. */
async function noticeSla(
  deps: DeliverDeps,
  messenger: ChatMessenger,
  ticket: Ticket,
  delivery: SlaNoticeDelivery,
  ageMs: number,
  keyFor: (purpose: string) => PostKey,
): Promise<DeliveryResult> {
  const purpose = slaNoticePurpose(delivery);
  if (await deps.posts.find(ticket.id, purpose)) return already;
  // Queued before the answer came (or delivered late): a notice about a stopped timer is only noise.
  if (!isWaitingForAPerson(ticket.status)) return skipped('ticket_not_waiting');
  const timers = deps.sla ? await deps.sla.listTimers(ticket.id) : [];
  const timer = timers.find((t) => t.metric === delivery.metric && t.seq === delivery.seq);
  if (timer?.stoppedAt) return skipped('timer_stopped');
  const post = await deps.posts.find(ticket.id, AGENTS_POST);
  if (!post) return ageMs < PREREQUISITE_WAIT_MS ? { kind: 'wait', ms: pollDelayMs(ageMs) } : skipped('no_agents_post');
  const personId = delivery.mentionAssignee ? (ticket.assigneeId ?? ticket.offeredToId) : null;
  const mention = personId ? await describePerson(deps.users, personId, messenger.platform) : null;
  const noticed = await messenger.noticeSlaToAgents(
    post,
    {
      ticketNumber: ticket.number,
      metric: delivery.metric,
      stage: delivery.stage,
      minutesOver: delivery.minutesOver,
      dueAt: delivery.dueAt ? new Date(delivery.dueAt) : null,
      mention,
      onCallGroupId: delivery.onCallGroupId,
    },
    keyFor(purpose),
  );
  await deps.posts.record({ ticketId: ticket.id, platform: messenger.platform, purpose, ...noticed });
  return delivered;
}

/** The incident's post: made by the change that opened it; other changes update it (or wait for it). */
async function syncIncidentPost(
  deps: DeliverDeps,
  messenger: ChatMessenger,
  delivery: Extract<Delivery, { kind: 'incident' }>,
  ageMs: number,
  key: PostKey,
): Promise<DeliveryResult> {
  if (!messenger.hasAgentsChannel) return skipped('no_agents_channel');
  const incident = await deps.incidents.findById(delivery.incidentId);
  if (!incident) return skipped('incident_not_found');
  const existing =
    incident.chatPlatform === messenger.platform && incident.chatChannelId && incident.chatMessageId
      ? { channelId: incident.chatChannelId, messageId: incident.chatMessageId }
      : null;
  if (!existing && delivery.eventKey !== 'incident_opened' && ageMs < PREREQUISITE_WAIT_MS) return { kind: 'wait', ms: pollDelayMs(ageMs) };
  const post = await messenger.upsertIncidentPost(incident, existing, key);
  if (!existing) await deps.incidents.recordPost(incident.id, { platform: messenger.platform, ...post });
  return delivered;
}
