// A CPU profile of the API under the benchmark's load, for docs/perf/: the same stack as
// `make bench-ingest` (fresh Postgres, Redis, the built API), the API started with
// `--cpu-prof`, then closed-loop `-c 100` load of one kind for a while, then a clean stop (the
// profile is written when the API exits). No figures are reported: profiling slows the process.
//   PROFILE_KIND=single|batch PROFILE_S=20 npx tsx services/api/bench/profile.ts <out-dir>
// then: npx tsx services/api/bench/profile-report.ts <out-dir>/<file>.cpuprofile out.svg out.md
import { mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { nextBatch, nextEvent } from './events';
import { cleanup, log, startStack } from './stack';

const outDir = resolve(process.argv[2] ?? 'bench-results/profile');
const kind = process.env.PROFILE_KIND === 'batch' ? 'batch' : 'single';
const seconds = Number(process.env.PROFILE_S ?? 20);
mkdirSync(outDir, { recursive: true });
process.env.BENCH_API_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${outDir}`;

try {
  const stack = await startStack();
  log(`profiling the API (pid ${stack.api.pid}) under ${kind}-event load, -c 100, ${seconds} s`);
  const result = await autocannon({
    url: `http://127.0.0.1:${stack.api.port}`,
    connections: 100,
    duration: seconds,
    timeout: 20,
    requests: [
      {
        method: 'POST',
        path: kind === 'batch' ? '/ingest/events' : '/ingest/event',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKey}` },
        setupRequest: (req: Record<string, unknown>) => {
          req.body = kind === 'batch' ? nextBatch(100).body : nextEvent().json;
          return req;
        },
      },
    ],
  });
  log(`${Math.round(result.requests.average)} req/s on average, ${result.non2xx} non-2xx (profiling overhead included)`);
} finally {
  // SIGTERM: the API drains and exits, and node writes the profile on exit.
  await cleanup();
}
log(`profiles in ${outDir}: ${readdirSync(outDir).filter((f) => f.endsWith('.cpuprofile')).join(', ')}`);
