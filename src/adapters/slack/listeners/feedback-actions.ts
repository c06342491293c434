// "That solved it" / "I still need help" under an automatic answer.
import type { App, BlockButtonAction } from '@slack/bolt';
import { answerFeedbackFromChat } from '../../../pipeline/chat/intake/chat-feedback.js';
import { ACTIONS, answerAfterFeedback } from '../blocks.js';
import type { SlackDeps } from '../slack-deps.js';
import { slackUser, teamOf } from './common.js';
import { userMessage } from '../../../pipeline/chat/wording/user-message.js';

export function registerFeedbackActions(app: App, deps: SlackDeps): void {
  const onClick =
    (helpful: boolean) =>
    async ({
      ack,
      body,
      action,
      respond,
    }: {
      ack: () => Promise<void>;
      body: BlockButtonAction;
      action: BlockButtonAction['actions'][number];
      respond: (m: object) => Promise<unknown>;
    }) => {
      await ack();
      try {
        const user = await deps.users.findOrCreateChatUser(slackUser(teamOf(body), body.user.id, body.user.name));
        const ticket = action.value ? await deps.tickets.findById(action.value) : null;
        if (!ticket || ticket.requesterId !== user.id) {
          await respond({ response_type: 'ephemeral', replace_original: false, text: 'Only the person who asked can answer this.' });
          return;
        }
        await answerFeedbackFromChat(deps, { kind: 'user', userId: user.id, role: user.role }, ticket, helpful);
        const blocks = (body.message?.blocks ?? []) as Parameters<typeof answerAfterFeedback>[0];
        await respond({
          replace_original: true,
          text: body.message?.text ?? ticket.response ?? '',
          blocks: answerAfterFeedback(blocks, helpful),
        });
      } catch (err) {
        deps.log.error({ err, ticketId: action.value }, 'feedback from slack failed');
        await respond({ response_type: 'ephemeral', replace_original: false, text: userMessage(err) });
      }
    };
  app.action<BlockButtonAction>(ACTIONS.helpful, onClick(true));
  app.action<BlockButtonAction>(ACTIONS.notHelpful, onClick(false));
}
