// Which folder of src/ may import which, and which packages each may use. Default deny: a
// dependency that matches none of the `allowed` rules is an error (`npm run lint`). The layering:
//   bin → app → inbound adapters (http, adapters/slack, adapters/discord, workers) → pipeline → domain
//   infra implements the ports domain declares; nlp, replies and intents are libraries pipeline uses;
//   sla is a pure library of timers and calendars that the domain's ports and the config name too.
// A new folder or package has to be added here, on purpose.
/** Node's built-ins are fine anywhere; what we reach through them is what the rules below are about. */
const anyFolder = '^src/';
const npm = (...names) => ({
  dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
  path: `^node_modules/(${names.join('|')})/`,
});
const own = (from, to, comment) => ({ from: { path: `^src/(${from})/` }, to: { path: `^src/(${to})/` }, comment });

/** Packages each area may import. Prisma and BullMQ stay in infra/ (and workers/ for BullMQ); Slack and Discord in their adapters. */
const LOGGING = ['pino'];
const PACKAGES = {
  domain: [],
  config: ['zod'],
  intents: ['zod', 'yaml'],
  nlp: ['natural'],
  sla: ['luxon', 'ical\\.js', 'zod'],
  documents: ['marked', 'htmlparser2'],
  replies: ['openai', ...LOGGING],
  pipeline: ['zod', 'csv-parse', ...LOGGING],
  workers: ['bullmq', 'ioredis', 'zod', ...LOGGING],
  // eta renders the web console's pages; echarts draws its charts to SVG on the server; htmx.org is served from its package to the browser;
  // lru-cache keeps the dashboard's figures for a while.
  http: [
    'fastify',
    '@fastify/[^/]+',
    'fastify-type-provider-zod',
    'openapi-types',
    'zod',
    'eta',
    'echarts',
    'htmx\\.org',
    'lru-cache',
    ...LOGGING,
  ],
  'adapters/slack': ['@slack/[^/]+', 'fastify', 'zod', ...LOGGING],
  'adapters/discord': ['discord\\.js', '@discordjs/[^/]+', 'zod', ...LOGGING],
  infra: [
    '@prisma/[^/]+',
    'prisma',
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    'pg',
    'bullmq',
    'ioredis',
    'bcrypt',
    'jose',
    'cockatiel',
    'prom-client',
    'robots-parser',
    'fast-xml-parser',
    'zod',
    ...LOGGING,
    'pino-pretty',
    'tsx',
  ],
};

module.exports = {
  allowed: [
    { from: { path: anyFolder }, to: { dependencyTypes: ['core'] }, comment: 'Node built-ins' },
    // Each folder may import itself.
    { from: { path: '^src/([^/]+)/' }, to: { path: '^src/$1/' }, comment: 'within a folder' },
    { from: { path: '^src/adapters/([^/]+)/' }, to: { path: '^src/adapters/$1/' }, comment: 'within an adapter' },
    own(
      'config|intents|nlp|documents|replies|pipeline|workers|http|adapters/[^/]+|infra|app|bin',
      'domain',
      'everything may use the domain',
    ),
    own('replies|pipeline|http|app|bin', 'intents', 'the intent pack (data)'),
    own('replies|pipeline|infra|app|bin', 'nlp', 'text features and the classifier'),
    own('pipeline|app|bin', 'documents', 'documents split into passages'),
    // sla/ is a pure library (it imports nothing of ours): the domain's ports and the config name its types.
    own('domain|config|pipeline|workers|http|infra|app|bin', 'sla', 'SLA timers, policies and business calendars'),
    own('pipeline|infra|app|bin', 'replies', 'reply composition'),
    own('workers|http|adapters/[^/]+|app|bin', 'pipeline', 'inbound adapters call use cases'),
    {
      from: { path: '^src/infra/' },
      to: { path: '^src/pipeline/jobs/' },
      comment: 'queues produce the jobs whose contracts pipeline/jobs declares',
    },
    { from: { path: '^src/infra/' }, to: { path: '^src/generated/' }, comment: 'the generated Prisma client, only in infra' },
    own('http|app|bin', 'config', 'the parsed configuration'),
    own('app|bin', 'infra|workers|http|adapters/[^/]+', 'the composition root wires everything'),
    own('bin', 'app', 'entry points start the roles'),
    {
      from: { path: '^src/(app|bin)/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-no-pkg', 'npm-unknown'] },
      comment: 'the composition root may use any package',
    },
    ...Object.entries(PACKAGES)
      .filter(([, names]) => names.length > 0)
      .map(([folder, names]) => ({ from: { path: `^src/${folder}/` }, to: npm(...names), comment: `packages of ${folder}/` })),
  ],
  allowedSeverity: 'error',
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'import cycles', from: {}, to: { circular: true } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    // The generated Prisma client is a node (who imports it matters) but is not cruised itself.
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
  },
};
