// A redaction worker thread (see pipeline/redaction-pool.ts): prepares one validated event at a
// time with the same function the event loop would run, so offloaded and inline events are
// stored identically. It lives beside server.ts so the bundle puts it next to dist/server.js.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { prepareEvent, type PrivacyOptions } from '@cbc/privacy';
import type { RedactionJob, RedactionReply } from './ingest/redaction-pool';

/**
 * Below the event loop's priority: when the pod's CPUs are contended, the loop (/health, short
 * requests, commits) runs first and redaction takes what is left. On Linux a thread has its own
 * nice value, set through its thread id; elsewhere (or if refused) the worker runs at the default.
 */
const WORKER_NICE = 10;
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, WORKER_NICE);
} catch {
  // not Linux, or not permitted: same priority as the loop
}

const opts = workerData as PrivacyOptions;
parentPort!.on('message', (job: RedactionJob) => {
  let reply: RedactionReply;
  try {
    reply = { id: job.id, ...prepareEvent(job.event, job.source, opts) };
  } catch (err) {
    reply = { id: job.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true } satisfies RedactionReply);
