// `npm run bench`: every benchmark, one after the other, each in a process of its own so one's heap
// and JIT state do not colour the next. Each writes bench/results/<name>.json and prints a table.
// `npm run bench -- pipeline similarity` runs only those.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ALL = ['classify', 'similarity', 'incidents', 'sla', 'pipeline', 'api', 'capacity', 'slack', 'discord', 'learning', 'kb', 'console'];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
const unknown = chosen.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${ALL.join(', ')}\n`);
  process.exit(2);
}
let failed = false;
for (const name of chosen) {
  process.stdout.write(`\n## ${name}\n\n`);
  const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`${name} benchmark failed (exit ${result.status ?? result.signal})\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
