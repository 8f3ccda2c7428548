'use server';

import { revalidatePath } from 'next/cache';
import { parseRunTarget } from '@cbc/jobs/k8s';
import { startJob } from '@/lib/server/k8s';
import { requireAction } from '@/lib/server/session';

export interface RunNowState {
  ok: boolean;
  message: string;
}

/**
 * "Run now" on the Operations page: a Job from the dbt build's or one pruning class's CronJob.
 * A server action is a public POST endpoint whatever page shows it, so it checks origin,
 * session, role (operator or above, as the page) and CSRF token itself; the job comes from a
 * closed list, never a name the form chose.
 */
export async function runNowAction(_prev: RunNowState | null, form: FormData): Promise<RunNowState> {
  const guard = await requireAction('operator', form);
  if (!guard.ok) return { ok: false, message: guard.error };
  let target;
  try {
    const cls = form.get('class');
    target = parseRunTarget(String(form.get('job') ?? ''), typeof cls === 'string' && cls !== '' ? cls : undefined);
  } catch {
    return { ok: false, message: 'Unknown job.' };
  }
  const r = await startJob(target);
  if (r.state === 'created') {
    revalidatePath('/operations');
    return { ok: true, message: `Started ${r.job}.` };
  }
  return { ok: false, message: r.state === 'forbidden' ? `Not allowed: ${r.message}.` : `${r.message}.` };
}
