// Outcome keys of incident changes (see TicketOutcome.eventKey). None of them is told to the
// customer: they only change what agents see.

/** A ticket opened an incident: its post is made. */
export const INCIDENT_OPENED_EVENT = 'incident_opened';
/** A ticket escalated before the incident existed now belongs to it: its own post says so. */
export const GROUPED_EVENT = 'grouped';
/** The incident was resolved: its post says so (each ticket's answer is its own `resolved`). */
export const INCIDENT_RESOLVED_EVENT = 'incident_resolved';
/** A ticket was taken out of an incident: it gets a post of its own, the incident's count drops. */
export const UNLINKED_EVENT = 'unlinked';

export const INCIDENT_EVENTS: readonly string[] = [INCIDENT_OPENED_EVENT, GROUPED_EVENT, INCIDENT_RESOLVED_EVENT, UNLINKED_EVENT];
