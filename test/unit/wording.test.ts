import { describe, expect, it } from 'vitest';
import { slaAttainmentTable } from '../../src/domain/sla-attainment.js';
import { escalationNotice, shadowModeNote, slaAttainmentLine, suggestionHeading } from '../../src/pipeline/chat/wording/wording.js';

describe('chat wording', () => {
  it('heads a suggestion with its answer confidence as a whole percentage, or without one when unknown', () => {
    expect(suggestionHeading(0.93)).toBe('Suggested answer (answer confidence 93 %)');
    expect(suggestionHeading(0.9049)).toBe('Suggested answer (answer confidence 90 %)');
    expect(suggestionHeading(null)).toBe('Suggested answer');
  });

  it('says Firstline would have answered a shadow-mode escalation itself, and nothing for other reasons', () => {
    expect(shadowModeNote('shadow_mode')).toMatch(/^Firstline would have answered this itself \(shadow mode\)/);
    expect(shadowModeNote('low_confidence')).toBeNull();
    expect(shadowModeNote(null)).toBeNull();
  });

  it('sums SLA attainment over priorities per metric for /metrics, n/a for a metric with no stopped timer', () => {
    const table = slaAttainmentTable(
      [
        { priority: 'P1', metric: 'firstResponse', met: 3, breached: 1 },
        { priority: 'P3', metric: 'firstResponse', met: 6, breached: 0 },
        { priority: 'P2', metric: 'resolution', met: 1, breached: 1 },
      ],
      [{ priority: 'P2', metric: 'nextResponse', count: 2 }],
    );
    expect(slaAttainmentLine(table)).toBe(
      'SLA in time: First response 90% (9 of 10) · Next response n/a · Resolution 50% (1 of 2) · 2 open past target',
    );
    // Only breaches still open: every share is n/a, and the line still says what is late.
    expect(slaAttainmentLine(slaAttainmentTable([], [{ priority: 'P4', metric: 'resolution', count: 1 }]))).toBe(
      'SLA in time: First response n/a · Next response n/a · Resolution n/a · 1 open past target',
    );
  });

  it('says nothing of SLAs in /metrics where there is no timer at all', () => {
    expect(slaAttainmentLine(slaAttainmentTable([], []))).toBeNull();
  });

  it('tells the customer of a shadow-mode escalation only that a person will follow up', () => {
    expect(escalationNotice(12, 'shadow_mode')).toBe('Ticket #12 is with our support team; a person will follow up here.');
  });
});
