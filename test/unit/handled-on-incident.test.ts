// Which escalations agents handle on their incident's post, and which keep a post (and offers) of their own.
import { describe, expect, it } from 'vitest';
import { isHandledOnIncident } from '../../src/domain/incident.js';

describe('isHandledOnIncident', () => {
  it('folds a grouped report into its incident', () => {
    expect(isHandledOnIncident({ incidentId: 'i1', escalationReason: 'incident' })).toBe(true);
    expect(isHandledOnIncident({ incidentId: 'i1', escalationReason: 'low_confidence' })).toBe(true);
  });

  it('never folds away a customer who asked for a person, grouped or not', () => {
    expect(isHandledOnIncident({ incidentId: 'i1', escalationReason: 'customer_requested_human' })).toBe(false);
    expect(isHandledOnIncident({ incidentId: null, escalationReason: 'customer_requested_human' })).toBe(false);
  });

  it('leaves a ticket of no incident to its own post', () => {
    expect(isHandledOnIncident({ incidentId: null, escalationReason: 'incident' })).toBe(false);
  });
});
