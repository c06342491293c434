// The bot scopes Firstline asks for when installed through OAuth. manifests/slack-app.yaml lists the
// same (test/unit/slack-manifest.test.ts holds them together); each one's reason is written there.
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'app_mentions:read',
  'im:history',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'channels:join',
  'reactions:read',
  'users:read',
] as const;
