import type { ReactionRefusal } from '../intake/react-to-message.js';

/** What the person who put an emoji on a message is told when it could not do what it means. */
export const REACTION_REFUSALS: Readonly<Record<ReactionRefusal, string>> = {
  not_an_agent: 'Only agents can resolve a ticket with ✅.',
  no_reply_in_thread: 'Reply to the customer in this thread first, then react with ✅: I resolve the ticket with your reply.',
  not_decided_yet: 'This ticket is still being looked at by Firstline; try ✅ again in a moment.',
  too_long: 'That message is too long for one ticket.',
};
