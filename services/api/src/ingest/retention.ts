import type { Pool } from 'pg';
import { RETENTION_CLASSES, type RetentionClass } from '@cbc/contract';
import { readRetentionPolicy } from '@cbc/db';
import { UnavailableError } from '../errors';
import { isUnavailable } from './group-commit';

export type RetentionMonths = Record<RetentionClass, number>;

/**
 * How long each class is kept, for the door check: ops.retention_policy (the one definition,
 * also what the pruner and dbt read), lengthened where RETENTION_*_MONTHS says so (a shorter
 * value cannot win: the pruner would refuse it). Read once, on the first ingest rather than at
 * boot, so the API starts while the database is away; a failed read is retried on the next
 * request. The policy changes only by migration, which a deploy rolls out with new pods.
 */
export function retentionFromDatabase(pool: Pool, overrides: Partial<RetentionMonths>): () => Promise<RetentionMonths> {
  let loaded: Promise<RetentionMonths> | null = null;
  return () => {
    loaded ??= readRetentionPolicy(pool)
      .then((policy) => {
        const months = {} as RetentionMonths;
        for (const c of RETENTION_CLASSES) {
          const floor = policy[c];
          if (floor === undefined) throw new Error(`ops.retention_policy has no row for ${c}`);
          months[c] = Math.max(floor, overrides[c] ?? 0);
        }
        return months;
      })
      .catch((err: unknown) => {
        loaded = null;
        throw isUnavailable(err) ? new UnavailableError() : err;
      });
    return loaded;
  };
}
