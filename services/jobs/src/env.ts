import { Type, type Static, type TObject } from 'typebox';
import { parseEnv } from '@cbc/config';
import { DEFAULT_REPORTING_TIME_ZONE } from '@cbc/api/analytics';

/**
 * The environment each CLI command reads, one schema per command: a command sees only its own
 * role's URL (the chart mounts single Secret keys), so there is no CLI-wide env. The chart's
 * contract test (k8s/test/chart/env-contract.test.ts) validates every Job and CronJob container
 * with `loadCommandEnv`, so a variable the chart sets but a command ignores (or misses) fails
 * there rather than at 3 a.m. in a CronJob. Documented in services/jobs/.env.example.
 */

// `description` is what `<command> --help` says of the variable.
const url = () => Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// URL', errorMessage: 'must be a postgres:// URL' });
const secret = () => Type.String({ description: 'a secret' });
const months = () => Type.Optional(Type.Integer({ minimum: 1, description: 'whole months ≥ 1', errorMessage: 'must be a whole number of months' }));

export interface CommandEnvSpec {
  schema: TObject;
  /** At least one of these must be set (the first set one wins). */
  oneOf?: readonly string[];
}

export const COMMAND_ENV = {
  migrate: { schema: Type.Object({ DATABASE_MIGRATOR_URL: url() }) },
  // Whichever role the pod has: the API's, the admin's, or the reader's.
  'wait-for-schema': {
    schema: Type.Object({ DATABASE_URL: Type.Optional(url()), ADMIN_DATABASE_URL: Type.Optional(url()), DATABASE_READ_URL: Type.Optional(url()) }),
    oneOf: ['DATABASE_URL', 'ADMIN_DATABASE_URL', 'DATABASE_READ_URL'],
  },
  'prune-retention': {
    schema: Type.Object({
      DATABASE_PRUNER_URL: url(),
      RETENTION_BROWSING_MONTHS: months(),
      RETENTION_SERVICE_MONTHS: months(),
      RETENTION_CONSENT_MONTHS: months(),
    }),
  },
  // Marts only: the reader role's URL is enough (EXPLAIN ANALYZE runs the query).
  // REPORTING_TIME_ZONE: the API's, so the windows and buckets bound are the ones it binds.
  'explain-metric': {
    schema: Type.Object({
      DATABASE_URL: url(),
      REPORTING_TIME_ZONE: Type.String({ default: DEFAULT_REPORTING_TIME_ZONE, minLength: 1, description: `an IANA time zone (default ${DEFAULT_REPORTING_TIME_ZONE})` }),
    }),
  },
  'replay-ledger': { schema: Type.Object({ DATABASE_PRIVACY_URL: url(), PRIVACY_LEDGER_KEY: secret() }) },
  'create-staff': { schema: Type.Object({ ADMIN_DATABASE_URL: url() }) },
  backup: { schema: Type.Object({ DATABASE_ADMIN_URL: url() }) },
  restore: { schema: Type.Object({ DATABASE_ADMIN_URL: url(), DATABASE_MIGRATOR_URL: url(), PRIVACY_LEDGER_KEY: secret() }) },
} satisfies Record<string, CommandEnvSpec>;

export type EnvCommand = keyof typeof COMMAND_ENV;

/** The command's schema is its type: required variables are strings, the rest may be absent. */
export type CommandEnv<C extends EnvCommand> = Static<(typeof COMMAND_ENV)[C]['schema']>;

const HINT = 'see services/jobs/.env.example; `make up` writes it to .local/stack.env';

/** Validates the variables `command` reads and returns only those; throws a ConfigError listing every problem. */
export function loadCommandEnv<C extends EnvCommand>(command: C, env: Record<string, string | undefined>): CommandEnv<C> {
  const { schema, oneOf }: CommandEnvSpec = COMMAND_ENV[command];
  return parseEnv(schema, env, {
    title: `invalid environment for ${command}`,
    hint: HINT,
    check(value, problems) {
      if (oneOf && !oneOf.some((name) => env[name])) problems.push(`one of ${oneOf.join(', ')} must be set (${HINT})`);
    },
  }) as CommandEnv<C>;
}
