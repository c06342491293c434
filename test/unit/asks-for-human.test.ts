import { describe, expect, it } from 'vitest';
import { asksForHuman } from '../../src/domain/asks-for-human.js';

describe('asksForHuman', () => {
  it.each([
    'talk to a human',
    'I want to talk to a real person',
    'agent please',
    'Can I speak to someone?',
    'customer service representative',
    'can I call someone',
    'operator',
    'live chat with a person',
    'I want a human',
    'stop the bot',
    'Not a bot. A person please.',
    'HUMAN!!!',
    'Transfer me to an agent',
    'put me through to an operator please',
    'I need to speak to your manager',
    'Is there a real person I can talk to?',
    'representative',
    "I don't want to talk to a bot",
    'Can someone call me back?',
    'I’d like to chat with a live agent',
    'Escalate this to a human please',
    'Hello? Is anyone there?',
    'i need help from an actual person, this bot is useless',
    'Hi, agent please',
    'please ping support',
    'can you page the on-call engineer?',
    'I hate talking to bots',
    'get me someone',
    'can a human look at this?',
    "why can't I talk to a human",
    'I asked for a human twice!',
    "I'm still waiting for an agent",
    'I want to speak to a person, not a machine',
  ])('detects a request for a person: %j', (message) => {
    expect(asksForHuman(message)).toBe(true);
  });

  it.each([
    'Let me speak with a humen',
    'connect me to a customer service representitive',
    'pleeease get me a huuuman',
    'wanna talk 2 a hooman',
    'agent pls',
    'i need an agnet',
    'TALK TO A REPRESENTATIVE!!',
    'talk to a humaaan',
    'how to taok to an agent',
    'hmn plz i need help',
    'can i tlk to sum1',
    'put me thru 2 a human pls',
  ])('sees through case, stretched letters, texting and typos: %j', (message) => {
    expect(asksForHuman(message)).toBe(true);
  });

  it.each([
    'I am trying to chat with a damn agent',
    'is it possible to talk with an assistant?',
    'transfer me to billing please',
    'escalate please',
    "I'd like this escalated",
    "I'd like a callback",
    'can I get someone on the line?',
    "I'd rather sort this out with a person",
    'a human needs to look at this',
    'is an agent available?',
    'who can I talk to?',
    'I refuse to talk to a machine',
  ])('detects indirect requests, callbacks and escalation: %j', (message) => {
    expect(asksForHuman(message)).toBe(true);
  });

  it.each([
    'I need to check what hours I can call customer support',
    'when can I call support?',
    'do you have phone support?',
    'how long does it take to get a response from support',
    'how do my customers reach a human in your widget',
    'how does the bot decide when to escalate to a human?',
    'how do I talk to my team in the app',
    'no need to escalate, I figured it out',
    'schedule a callback for my customer',
    'stop the bot posting twice',
    "I'm a human, not a bot, why does it say suspicious activity?",
  ])("does not mistake questions about support hours, the writer's own people or settings for a request: %j", (message) => {
    expect(asksForHuman(message)).toBe(false);
  });

  it.each([
    'the agent field in my config is empty',
    'user agent header is missing from requests',
    "the human resources module won't load",
    "my agents can't log in",
    'How do I reset my password?',
    'I want to add a new agent to my workspace',
    'Can I assign tickets to an agent automatically?',
    'I need to set the user agent string in the SDK',
    'Is the agent role able to delete tickets?',
    'human error on our side, please ignore',
    'Our support agents need access to the billing page',
    'How do I connect the agent to Slack?',
    "I'm not a bot, why does the captcha keep failing?",
    'What does the ssh-agent error mean?',
    'I need an agent license for my new hire',
    'the human readable format is broken',
    'How do I stop the bot from posting in #general?',
    'I want my agents to see all tickets',
    'Where do I change the operator settings?',
    "It's not a bot problem, the webhook fails",
    "I don't need a human, just tell me the URL",
    "I don't want the bot to post here",
    'The live agent feature is missing from the pro plan',
    'I need someone on my team to have admin access',
    'Can someone help me reset my password?',
    'Is anyone else seeing this error?',
    'I need a representation of the data as CSV',
    'Agent: firstline-worker v2',
    'thanks, that solved it',
    'Our checkout page returns a 502 Bad Gateway',
    'the alert shows a manager role is missing',
    '',
  ])('does not mistake a product term or an ordinary question for a request: %j', (message) => {
    expect(asksForHuman(message)).toBe(false);
  });

  it('finds a request at the end of a long message in linear time', () => {
    const message = `${'my agents cannot log in and the user agent header is empty. '.repeat(2000)}Agent please.`;
    const started = performance.now();
    expect(asksForHuman(message)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
