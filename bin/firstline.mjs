#!/usr/bin/env node
// `firstline` on the PATH (npm link / npm install -g): runs the TypeScript entry through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin/firstline.ts');
