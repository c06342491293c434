import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';
import { registerAgentActions } from './agent-actions.js';
import { registerFirstlineCommand } from './firstline-command.js';
import { registerFeedbackActions } from './feedback-actions.js';
import { registerMessageListeners } from './messages.js';
import { registerReactionListener } from './reactions.js';
import { registerAppLifecycle } from './app-lifecycle.js';
import { registerMetricsCommand } from './metrics-command.js';
import { registerReplyModal } from './reply-modal.js';
import { registerResolveCommand } from './resolve-command.js';
import { registerSupportCommand } from './support-command.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerSupportCommand(app, deps);
  registerMessageListeners(app, deps);
  registerFeedbackActions(app, deps);
  registerAgentActions(app, deps);
  registerReplyModal(app, deps);
  registerResolveCommand(app, deps);
  registerMetricsCommand(app, deps);
  registerFirstlineCommand(app, deps);
  registerReactionListener(app, deps);
  registerAppLifecycle(app, deps);
}
