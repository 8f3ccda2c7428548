/**
 * The environment each CLI command reads, one schema per command: a command sees only its own
 * role's URL (the chart mounts single Secret keys), so there is no CLI-wide env. The chart's
 * contract test (k8s/test/chart/env-contract.test.ts) validates every Job and CronJob container
 * with `loadCommandEnv`, so a variable the chart sets but a command ignores (or misses) fails
 * there rather than at 3 a.m. in a CronJob.
 */

/** postgres-url: a postgres:// URL; secret: non-empty; months: a whole number ≥ 1. */
type Kind = 'postgres-url' | 'secret' | 'months';
interface VarSpec {
  kind: Kind;
  required: boolean;
}
export interface CommandEnvSpec {
  vars: Record<string, VarSpec>;
  /** At least one of these must be set (the first set one wins). */
  oneOf?: readonly string[];
}

const url = <R extends boolean>(required: R) => ({ kind: 'postgres-url', required }) as const;
const secret = { kind: 'secret', required: true } as const;
const months = { kind: 'months', required: false } as const;

export const COMMAND_ENV = {
  migrate: { vars: { DATABASE_MIGRATOR_URL: url(true) } },
  // Whichever role the pod has: the API's, the admin's, or the reader's.
  'wait-for-schema': {
    vars: { DATABASE_URL: url(false), ADMIN_DATABASE_URL: url(false), DATABASE_READ_URL: url(false) },
    oneOf: ['DATABASE_URL', 'ADMIN_DATABASE_URL', 'DATABASE_READ_URL'],
  },
  'prune-retention': {
    vars: {
      DATABASE_PRUNER_URL: url(true),
      RETENTION_BROWSING_MONTHS: months,
      RETENTION_SERVICE_MONTHS: months,
      RETENTION_CONSENT_MONTHS: months,
    },
  },
  // Marts only: the reader role's URL is enough (EXPLAIN ANALYZE runs the query).
  'explain-metric': { vars: { DATABASE_URL: url(true) } },
  'replay-ledger': { vars: { DATABASE_PRIVACY_URL: url(true), PRIVACY_LEDGER_KEY: secret } },
  'create-staff': { vars: { ADMIN_DATABASE_URL: url(true) } },
  backup: { vars: { DATABASE_ADMIN_URL: url(true) } },
  restore: { vars: { DATABASE_ADMIN_URL: url(true), DATABASE_MIGRATOR_URL: url(true), PRIVACY_LEDGER_KEY: secret } },
} as const satisfies Record<string, CommandEnvSpec>;

export type EnvCommand = keyof typeof COMMAND_ENV;

type Vars<C extends EnvCommand> = (typeof COMMAND_ENV)[C]['vars'];
/** Required variables are strings, the rest may be absent. */
export type CommandEnv<C extends EnvCommand> = {
  [K in keyof Vars<C>]: Vars<C>[K] extends { required: true } ? string : string | undefined;
};

export class CommandEnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const HINT = 'see .env.example; `make up` writes it to .local/stack.env';

/** Validates the variables `command` reads and returns only those; throws listing every problem. */
export function loadCommandEnv<C extends EnvCommand>(command: C, env: Record<string, string | undefined>): CommandEnv<C> {
  const spec: CommandEnvSpec = COMMAND_ENV[command];
  const problems: string[] = [];
  const out: Record<string, string | undefined> = {};
  for (const [name, v] of Object.entries(spec.vars)) {
    const raw = env[name] || undefined;
    out[name] = raw;
    if (raw === undefined) {
      if (v.required) problems.push(`${name} is not set (${HINT})`);
      continue;
    }
    if (v.kind === 'postgres-url' && !/^postgres(ql)?:\/\//.test(raw)) problems.push(`${name} must be a postgres:// URL`);
    if (v.kind === 'months' && !(Number.isInteger(Number(raw)) && Number(raw) >= 1)) problems.push(`${name} must be a whole number of months`);
  }
  if (spec.oneOf && !spec.oneOf.some((name) => out[name] !== undefined)) {
    problems.push(`one of ${spec.oneOf.join(', ')} must be set (${HINT})`);
  }
  if (problems.length) throw new CommandEnvError(problems);
  return out as CommandEnv<C>;
}
