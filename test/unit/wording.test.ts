import { describe, expect, it } from 'vitest';
import { escalationNotice, shadowModeNote, suggestionHeading } from '../../src/pipeline/chat/wording/wording.js';

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

  it('tells the customer of a shadow-mode escalation only that a person will follow up', () => {
    expect(escalationNotice(12, 'shadow_mode')).toBe('Ticket #12 is with our support team; a person will follow up here.');
  });
});
