'use client';

import { useActionState } from 'react';
import { Play } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';
import type { RunTarget } from '@cbc/jobs/k8s';
import { runNowAction } from './actions';

/** The job a button names: a dbt CronJob, or `prune` with a class. */
export type RunJob = RunTarget['job'];

/** One CronJob's "Run now": the job (and pruning class) come from the page, the token from the session. */
export function RunNowButton({ csrf, job, cls, label }: { csrf: string; job: RunJob; cls?: string; label: string }) {
  const [state, action, pending] = useActionState(runNowAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="job" value={job} />
      {cls && <input type="hidden" name="class" value={cls} />}
      <Button type="submit" size="sm" variant="outline" disabled={pending} aria-label={`Run ${label} now`}>
        <Play aria-hidden /> Run now
      </Button>
      {state && (
        <span role="status" className={cn('text-xs', state.ok ? 'text-success' : 'text-destructive')}>
          {state.message}
        </span>
      )}
    </form>
  );
}
