// A /health poller in its own process, forked by live.ts (`make attack`): the attacker's event
// loop, busy building and checking batches, cannot delay these polls, so their latency is the
// API's (and the machine's). Polls are sent every POLL_MS whether or not the previous one has
// answered, as a prober's would be; each is timed from when it was sent, and how late it was sent
// (this process's own lag) is reported beside it. Stops and reports on a 'stop' message.
import type { HealthSample } from '../support/adversary';

const url = process.argv[2];
const pollMs = Number(process.argv[3] ?? 50);
if (!url || !process.send) {
  console.error('usage: forked with <health url> [poll ms] and an IPC channel');
  process.exit(2);
}

const samples: HealthSample[] = [];
const inflight = new Set<Promise<void>>();
const start = performance.now();
let stopped = false;

async function poll(due: number) {
  const sent = performance.now();
  let status = 0;
  try {
    const res = await fetch(url!, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    status = res.status;
  } catch {
    // status 0: no answer
  }
  samples.push({ ms: performance.now() - sent, lagMs: sent - due, status });
}

function schedule(i: number) {
  if (stopped) return;
  const due = start + i * pollMs;
  setTimeout(() => {
    if (stopped) return;
    const p = poll(due).finally(() => inflight.delete(p));
    inflight.add(p);
    schedule(i + 1);
  }, Math.max(0, due - performance.now()));
}

process.on('message', async (msg) => {
  if (msg !== 'stop') return;
  stopped = true;
  await Promise.all(inflight);
  process.send!(samples, () => process.exit(0));
});
schedule(1);
process.send('ready');
