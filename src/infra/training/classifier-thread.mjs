// Worker-thread entry: the project runs TypeScript through tsx, whose loader a worker thread does
// not inherit, so this plain-JS file registers it and loads the real entry.
import { tsImport } from 'tsx/esm/api';

await tsImport('./classifier-thread-main.ts', import.meta.url);
