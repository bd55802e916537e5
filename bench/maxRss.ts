// Preloaded (`node --require`) by bench/startup.ts into each command it times: writes the
// process's peak resident memory, in kB, to the file BENCH_MAX_RSS_FILE names as it exits.

import { writeFileSync } from 'node:fs';

process.on('exit', () => writeFileSync(process.env.BENCH_MAX_RSS_FILE!, String(process.resourceUsage().maxRSS)));
