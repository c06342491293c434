// How the API names chat platforms and their ids, in paths and bodies: `slack` / `discord`, and
// Slack's or Discord's own ids (letters and digits).
import { z } from 'zod';
import type { ChatPlatform } from '../domain/ticket.js';

const PLATFORMS = { slack: 'SLACK', discord: 'DISCORD' } as const satisfies Record<string, ChatPlatform>;
const NAMES = { SLACK: 'slack', DISCORD: 'discord' } as const satisfies Record<ChatPlatform, string>;

export const PLATFORM_NAMES = ['slack', 'discord'] as const;
export const ZPlatform = z.enum(PLATFORM_NAMES).transform((p) => PLATFORMS[p]);
export const ZChatId = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'a Slack or Discord id: letters and digits, at most 64');
export const platformName = (platform: ChatPlatform): (typeof PLATFORM_NAMES)[number] => NAMES[platform];
