// What a recorded chat post (ChatPost.purpose) is for. Deliveries of a change use `<eventKey>:customer`
// and relays `relay:<messageId>`.

/** The visible "Ticket #N" post a command's conversation continues under. */
export const HEADER = 'header';
/** A command's own visible reply, where the platform posts one (Discord): the header builds on it. */
export const COMMAND_REPLY = 'command_reply';
/** The ticket's post in the agents' channel. */
export const AGENTS_POST = 'agents';
