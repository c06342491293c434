// What a recorded chat post (ChatPost.purpose) is for. Deliveries of a change use `<eventKey>:customer`
// and relays `relay:<messageId>`.
import type { SlaNoticeDelivery } from '../../../domain/ports/chat.js';

/** The visible "Ticket #N" post a command's conversation continues under. */
export const HEADER = 'header';
/** A command's own visible reply, where the platform posts one (Discord): the header builds on it. */
export const COMMAND_REPLY = 'command_reply';
/** The ticket's post in the agents' channel. */
export const AGENTS_POST = 'agents';

/** An SLA escalation step's notice in the thread of the agents' post: one per timer and step. */
export const slaNoticePurpose = (step: Pick<SlaNoticeDelivery, 'metric' | 'seq' | 'stepKey'>): string =>
  `sla:${step.metric}:${step.seq}:${step.stepKey}`;
