import pg from 'pg';
import { RETENTION_CLASSES, type RetentionClass } from '@cbc/contract';
import { readRetentionPolicy } from '@cbc/db';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { loadCommandEnv } from '../env';
import { recordRun } from '../job-runs';

// Unset: the class's period in ops.retention_policy, the one definition (a migration sets it).
const ENV = {
  browsing: 'RETENTION_BROWSING_MONTHS',
  service: 'RETENTION_SERVICE_MONTHS',
  consent: 'RETENTION_CONSENT_MONTHS',
} as const satisfies Record<RetentionClass, string>;

/**
 * `prune-retention [--dry-run] [--now <timestamp>] [--class browsing|service|consent]`, as the
 * pruner role. The work happens in raw.prune_class (SECURITY DEFINER), which refuses a period
 * shorter than the class's floor and never prunes relative to a future "now".
 */
export const pruneRetentionCommand: Command = {
  summary: 'Remove data older than its retention class keeps (--dry-run, --now, --class)',
  usage: '[--dry-run] [--now <timestamp>] [--class browsing|service|consent]',
  help: [
    'options:',
    '  --dry-run          count what would go, remove nothing',
    '  --now <timestamp>  prune relative to this instant (ISO 8601; never in the future)',
    `  --class <class>    only this retention class (${RETENTION_CLASSES.join(', ')}; default: all)`,
    'Prints a JSON summary per class (cutoff, partitions dropped, rows and ids deleted).',
  ].join('\n'),
  async run(args, io) {
    const flags = parseFlags(args, { 'dry-run': 'boolean', now: 'string', class: 'string' });
    const now = flags.now ? new Date(String(flags.now)) : new Date();
    if (Number.isNaN(now.getTime())) throw new Error('--now must be a timestamp');
    const classes = flags.class ? [String(flags.class)] : [...RETENTION_CLASSES];
    for (const c of classes) if (!(RETENTION_CLASSES as readonly string[]).includes(c)) throw new Error(`--class must be one of ${RETENTION_CLASSES.join(', ')}`);
    const dryRun = flags['dry-run'] === true;

    // Validated before any connection: a bad month count fails the run with nothing pruned.
    const env = loadCommandEnv('prune-retention', io.env);
    const pool = new pg.Pool({ connectionString: env.DATABASE_PRUNER_URL, max: 1 });
    try {
      const run = async () => {
        const result: Record<string, unknown> = { dry_run: dryRun, now: now.toISOString() };
        let removed = 0;
        const policy = await readRetentionPolicy(pool);
        for (const c of classes as RetentionClass[]) {
          const months = Number(env[ENV[c]] ?? policy[c]);
          const { rows } = await pool.query(
            'SELECT cutoff, partitions_dropped, rows_deleted, ids_deleted FROM raw.prune_class($1, make_interval(months => $2), $3, $4)',
            [c, months, now, dryRun],
          );
          const r = rows[0];
          // The guest-level marts follow with the same cutoff, through dbt's marts.prune_expired
          // (absent until the first dbt build, and not consulted on a dry run).
          let marts: Record<string, number> | 'not built' | 'dry run' = 'dry run';
          if (!dryRun) {
            const fn = await pool.query<{ f: string | null }>(`SELECT to_regprocedure('marts.prune_expired(text, interval, timestamptz)')::text AS f`);
            marts = fn.rows[0]?.f
              ? (await pool.query('SELECT marts.prune_expired($1, make_interval(months => $2), $3) AS r', [c, months, now])).rows[0].r
              : 'not built';
          }
          result[c] = {
            keep_months: months,
            cutoff: new Date(r.cutoff).toISOString(),
            partitions_dropped: r.partitions_dropped,
            rows_deleted: Number(r.rows_deleted),
            ids_deleted: Number(r.ids_deleted),
            marts,
          };
          removed += Number(r.rows_deleted);
        }
        result.rows_removed = removed;
        return result;
      };
      const result = dryRun ? await run() : await recordRun(pool, 'prune_retention', run);
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    } finally {
      await pool.end();
    }
  },
};
