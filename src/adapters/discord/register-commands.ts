// `firstline discord register [--guild ID]`: puts manifests/discord-commands.json on Discord, for
// every server (global commands take up to an hour to appear) or for one server (at once).
import { readFile } from 'node:fs/promises';
import { REST, Routes } from 'discord.js';

export const COMMANDS_FILE = new URL('../../../manifests/discord-commands.json', import.meta.url);

export async function registerDiscordCommands(
  settings: { token: string; applicationId: string; apiUrl: string | undefined },
  guildId?: string,
): Promise<string[]> {
  const commands = JSON.parse(await readFile(COMMANDS_FILE, 'utf8')) as { name: string }[];
  const rest = new REST({ version: '10', ...(settings.apiUrl ? { api: settings.apiUrl } : {}) }).setToken(settings.token);
  const route = guildId
    ? Routes.applicationGuildCommands(settings.applicationId, guildId)
    : Routes.applicationCommands(settings.applicationId);
  const saved = (await rest.put(route, { body: commands })) as { name: string }[];
  return saved.map((c) => c.name);
}
