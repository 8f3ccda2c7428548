import { createHash } from 'node:crypto';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { LoginRole } from '@cbc/db';

/**
 * The keys of the credentials Secret the app chart reads through `existingSecret`
 * (charts/cbc-analytics/values.yaml, templates/secret.yaml). The chart mounts single keys with
 * secretKeyRef, never the whole Secret, so each pod gets only its own role's URL: the migrator's
 * reaches the migrations Job alone. Keep this list and the chart's in step.
 */
export const CREDENTIAL_KEYS = [
  'INGEST_API_KEYS',
  'READ_API_KEYS',
  'PRIVACY_API_KEYS',
  'HMAC_SECRET',
  'IP_SALT',
  'PRIVACY_LEDGER_KEY',
  'DATABASE_URL',
  'DATABASE_READ_URL',
  'DATABASE_PRIVACY_URL',
  'DATABASE_PRUNER_URL',
  'DATABASE_MIGRATOR_URL',
  'ADMIN_DATABASE_URL',
  'DBT_ENV_SECRET_PASSWORD',
  'REDIS_URL',
  'ADMIN_SESSION_SECRET',
  'ADMIN_READ_API_KEY',
] as const;

export type CredentialKey = (typeof CREDENTIAL_KEYS)[number];

/** Which login role each URL key carries (the rest of the keys are not database URLs). */
export const URL_ROLES = {
  DATABASE_URL: 'cbc_ingest',
  DATABASE_READ_URL: 'cbc_reader',
  DATABASE_PRIVACY_URL: 'cbc_privacy',
  DATABASE_PRUNER_URL: 'cbc_pruner',
  DATABASE_MIGRATOR_URL: 'cbc_migrator',
  ADMIN_DATABASE_URL: 'cbc_admin',
} as const satisfies Partial<Record<CredentialKey, LoginRole>>;

/** `<release>-credentials`: the name the chart would give its own Secret. */
export const credentialsSecretName = (release: string) => `${release}-credentials`;

/** The key id of the admin's entry in READ_API_KEYS (the admin calls GET /metrics/* with it). */
export const ADMIN_READ_KEY_ID = 'admin';

export interface AppSecretsArgs {
  /** Namespace the chart is installed in. */
  namespace: pulumi.Input<string>;
  /** The app chart's release name; plain because it names the Secret. */
  releaseName: string;
  /** One connection URL per login role (secret). */
  databaseUrls: Record<LoginRole, pulumi.Input<string>>;
  /** Redis URL with its password (secret). */
  redisUrl: pulumi.Input<string>;
  /** Standard Webhooks secret(s), `whsec_…`, space separated while rotating; generated when absent. */
  hmacSecret?: pulumi.Input<string>;
  /** Key of the IP hash (≥16 chars); generated when absent. */
  ipSalt?: pulumi.Input<string>;
  /** Key of the deletion-ledger hashes (≥16 chars); generated when absent. Never rotate it casually. */
  privacyLedgerKey?: pulumi.Input<string>;
  /** `id:secret` pairs, comma separated; generated (`agent:…`) when absent. */
  ingestApiKeys?: pulumi.Input<string>;
  /** Extra `id:secret` pairs for GET /metrics/*; the admin's own key is always generated and added. */
  readApiKeys?: pulumi.Input<string>;
  /** Keys for /privacy/*; generated (`privacy:…`) when absent. */
  privacyApiKeys?: pulumi.Input<string>;
  /** Signs staff session cookies (≥32 chars); generated when absent. */
  adminSessionSecret?: pulumi.Input<string>;
}

/**
 * Generates the app secrets the stack config does not supply and writes the credentials Secret
 * the chart consumes. Everything stays secret end to end: config `--secret` values and
 * `@pulumi/random` results are secret Outputs, and so is everything derived from them.
 */
export class AppSecrets extends pulumi.ComponentResource {
  /** Name of the credentials Secret, for the chart's `existingSecret`. */
  public readonly secretName: pulumi.Output<string>;
  /** sha256 over every value: the chart's `existingSecretChecksum`, so a change rolls the pods. */
  public readonly checksum: pulumi.Output<string>;
  /** The agent's key(s), for the operator's first calls (secret). */
  public readonly ingestApiKeys: pulumi.Output<string>;
  /** The webhook signing secret the agent is given (secret). */
  public readonly hmacSecret: pulumi.Output<string>;

  constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('cbc:k8s:AppSecrets', name, {}, opts);
    // Alphanumeric: values go into URLs, headers and env vars without escaping surprises.
    const password = (id: string, length: number) =>
      new random.RandomPassword(`${name}-${id}`, { length, special: false }, { parent: this }).result;
    const orGenerated = (given: pulumi.Input<string> | undefined, make: () => pulumi.Output<string>) =>
      given === undefined ? make() : pulumi.secret(given);

    // Standard Webhooks: `whsec_` + base64 of 32 random bytes.
    this.hmacSecret = orGenerated(args.hmacSecret, () =>
      pulumi.secret(pulumi.interpolate`whsec_${new random.RandomBytes(`${name}-hmac`, { length: 32 }, { parent: this }).base64}`),
    );
    this.ingestApiKeys = orGenerated(args.ingestApiKeys, () => pulumi.interpolate`agent:${password('ingest-key', 40)}`);
    const adminReadKey = password('admin-read-key', 40);
    const readApiKeys = pulumi
      .all([args.readApiKeys ?? '', adminReadKey])
      .apply(([extra, key]) => [extra, `${ADMIN_READ_KEY_ID}:${key}`].filter(Boolean).join(','));
    const url = (role: LoginRole) => pulumi.secret(args.databaseUrls[role]);

    const data: Record<CredentialKey, pulumi.Output<string>> = {
      INGEST_API_KEYS: this.ingestApiKeys,
      READ_API_KEYS: pulumi.secret(readApiKeys),
      PRIVACY_API_KEYS: orGenerated(args.privacyApiKeys, () => pulumi.interpolate`privacy:${password('privacy-key', 40)}`),
      HMAC_SECRET: this.hmacSecret,
      IP_SALT: orGenerated(args.ipSalt, () => password('ip-salt', 48)),
      PRIVACY_LEDGER_KEY: orGenerated(args.privacyLedgerKey, () => password('ledger-key', 48)),
      DATABASE_URL: url(URL_ROLES.DATABASE_URL),
      DATABASE_READ_URL: url(URL_ROLES.DATABASE_READ_URL),
      DATABASE_PRIVACY_URL: url(URL_ROLES.DATABASE_PRIVACY_URL),
      DATABASE_PRUNER_URL: url(URL_ROLES.DATABASE_PRUNER_URL),
      DATABASE_MIGRATOR_URL: url(URL_ROLES.DATABASE_MIGRATOR_URL),
      ADMIN_DATABASE_URL: url(URL_ROLES.ADMIN_DATABASE_URL),
      // dbt takes fields, not a URL (host and user come from the chart's values): the password
      // of the transformer's URL, so CNPG and external databases work alike.
      DBT_ENV_SECRET_PASSWORD: url('cbc_transformer').apply((u) => decodeURIComponent(new URL(u).password)),
      REDIS_URL: pulumi.secret(args.redisUrl),
      ADMIN_SESSION_SECRET: orGenerated(args.adminSessionSecret, () => password('admin-session', 64)),
      ADMIN_READ_API_KEY: adminReadKey,
    };

    const secret = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: {
          name: credentialsSecretName(args.releaseName),
          namespace: args.namespace,
          labels: { 'app.kubernetes.io/part-of': 'cbc-analytics', 'app.kubernetes.io/managed-by': 'pulumi' },
        },
        type: 'Opaque',
        stringData: data,
      },
      { parent: this },
    );
    this.secretName = secret.metadata.name;

    const lines = CREDENTIAL_KEYS.map((k) => pulumi.interpolate`${k}=${data[k]}`);
    // Unsecret on purpose: a digest over a dozen random values reveals none of them, and a plain
    // value keeps the chart's values (and so `pulumi preview` diffs) readable.
    this.checksum = pulumi.unsecret(pulumi.all(lines).apply((l) => createHash('sha256').update(l.join('\n')).digest('hex')));

    this.registerOutputs({ secretName: this.secretName, checksum: this.checksum });
  }
}
