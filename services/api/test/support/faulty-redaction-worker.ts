// A redaction worker that fails on cue, for the pool's failure tests: a text containing
// "CRASH" ends the thread mid-job, "HANG" never answers; anything else is prepared as the real
// worker (src/redaction-worker.ts) prepares it.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareEvent, type PrivacyOptions } from '@cbc/privacy';
import type { RedactionJob } from '../../src/ingest/redaction-pool';

parentPort!.on('message', (job: RedactionJob) => {
  const text = String((job.event.properties as { text?: unknown }).text ?? '');
  if (text.includes('CRASH')) process.exit(1);
  if (text.includes('HANG')) for (;;);
  parentPort!.postMessage({ id: job.id, ...prepareEvent(job.event, job.source, workerData as PrivacyOptions) });
});
parentPort!.postMessage({ ready: true });
