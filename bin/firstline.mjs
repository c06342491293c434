#!/usr/bin/env node
// `firstline` on the PATH (npm link / npm install -g): runs the TypeScript entry through tsx.
import { register } from 'tsx/esm/api';

// `natural` loads dotenv on import, which prints a tip to stdout; Firstline reads its own .env.
process.env.DOTENV_CONFIG_QUIET ??= 'true';

register();
await import('../src/bin/firstline.ts');
