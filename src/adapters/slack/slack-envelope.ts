// The shape of what Slack sends, as far as Bolt and the listeners read it, checked after the
// signature and before Bolt sees the payload. A correctly signed request that Slack would never send
// (an `event` that is a string, a view submission without its view, a command without its user)
// would otherwise fail inside a listener as a 500, which Slack retries for nothing; it is refused
// with 400 instead. Fields nobody reads are not checked, and unknown payload types pass through
// (Bolt ignores what no listener is registered for).
import { z } from 'zod';

const id = z.string().min(1);
const optionalText = z.string().optional();
const User = z.looseObject({ id, name: optionalText, team_id: optionalText });

const CHAT_MESSAGE_TYPES = ['message', 'app_mention'];

/** Messages and mentions: the events that open tickets and add follow-ups. */
const ChatMessageEvent = z.looseObject({
  type: z.enum(CHAT_MESSAGE_TYPES),
  channel: id,
  ts: id,
  user: optionalText,
  text: optionalText,
  thread_ts: optionalText,
  subtype: optionalText,
  bot_id: optionalText,
  channel_type: optionalText,
  user_team: optionalText,
  /** message_changed: the message as it reads now. */
  message: z
    .looseObject({
      ts: id,
      user: optionalText,
      text: optionalText,
      thread_ts: optionalText,
      bot_id: optionalText,
      user_team: optionalText,
      edited: z.looseObject({ ts: optionalText }).optional(),
    })
    .optional(),
  deleted_ts: optionalText,
});
/** An emoji put on something: on a message it is a command (🎫, ✅). */
const ReactionEvent = z.looseObject({
  type: z.literal('reaction_added'),
  user: id,
  reaction: id,
  item: z.looseObject({ type: id, channel: optionalText, ts: optionalText }),
});
const KNOWN_EVENT_TYPES = [...CHAT_MESSAGE_TYPES, 'reaction_added'];
const OtherEvent = z.looseObject({
  type: id.refine((type) => !KNOWN_EVENT_TYPES.includes(type), 'is a known event without its fields'),
});

const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: optionalText,
  event: z.union([ChatMessageEvent, ReactionEvent, OtherEvent]),
});

const Command = z.looseObject({
  command: id,
  text: z.string(),
  user_id: id,
  channel_id: id,
  team_id: optionalText,
  user_name: optionalText,
  trigger_id: optionalText,
});

const BlockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: User,
  actions: z.array(z.looseObject({ action_id: id, value: optionalText })).min(1),
  trigger_id: optionalText,
});

const ViewPayload = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  user: User,
  view: z.looseObject({
    callback_id: z.string(),
    private_metadata: optionalText,
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }).optional(),
  }),
});

/** Any other payload: an object with a type, or none (Bolt ignores what nothing listens for). */
const OtherPayload = z.looseObject({ type: optionalText });

function schemaFor(body: unknown): z.ZodType {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return OtherPayload;
  if ('command' in body) return Command;
  switch ('type' in body ? body.type : undefined) {
    case 'event_callback':
      return EventCallback;
    case 'block_actions':
      return BlockActions;
    case 'view_submission':
    case 'view_closed':
      return ViewPayload;
    default:
      return OtherPayload;
  }
}

/** The fields that make body something Slack would not send, or null when it is well-formed. */
export function slackPayloadProblems(body: unknown): { field: string; message: string }[] | null {
  const result = schemaFor(body).safeParse(body);
  if (result.success) return null;
  return result.error.issues.map((issue) => ({ field: ['body', ...issue.path.map(String)].join('.'), message: issue.message }));
}
