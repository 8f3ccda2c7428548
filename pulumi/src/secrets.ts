import { createHash } from 'node:crypto';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import type { LoginRole } from '@cbc/db';
import { CREDENTIAL_KEYS, type CredentialKey } from './credential-keys';
import { generation, rotationKeepers, type Rotation } from './rotation';

export { CREDENTIAL_KEYS, type CredentialKey } from './credential-keys';

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

/** The key id of the admin's entries in READ_API_KEYS and PRIVACY_API_KEYS (audit rows name it). */
export const ADMIN_KEY_ID = 'admin';

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
  /** Keys for /privacy/*; generated (`privacy:…`) when absent. The admin's own key is always generated and added. */
  privacyApiKeys?: pulumi.Input<string>;
  /** Raised per generator id to regenerate that credential (stack config `credentialRotation`). */
  rotation?: Rotation;
  /**
   * What identifies each URL's current value without its password, known at preview: the URL
   * itself when it comes from config, `generation()` of its password when another component
   * generates it. The checksum is built from these, never from generated values.
   */
  urlIdentity: { databaseUrls: Record<LoginRole, pulumi.Input<string>>; redisUrl: pulumi.Input<string> };
}

/**
 * Generates the app secrets the stack config does not supply and writes the credentials Secret
 * the chart consumes. Everything stays secret end to end: config `--secret` values and
 * `@pulumi/random` results are secret Outputs, and so is everything derived from them.
 */
export class AppSecrets extends pulumi.ComponentResource {
  /** Name of the credentials Secret, for the chart's `existingSecret`. */
  public readonly secretName: pulumi.Output<string>;
  /**
   * The chart's `existingSecretChecksum`, so a credential change rolls the pods: sha256 over
   * what decides each value (config values, generator ids and rotation numbers, URL identities),
   * not over the generated values, which are unknown at `pulumi preview`. Were it unknown, the
   * chart's values would be too, and preview could not render the chart at all.
   */
  public readonly checksum: pulumi.Output<string>;
  /** The agent's key(s), for the operator's first calls (secret). */
  public readonly ingestApiKeys: pulumi.Output<string>;
  /** The webhook signing secret the agent is given (secret). */
  public readonly hmacSecret: pulumi.Output<string>;

  constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('cbc:k8s:AppSecrets', name, {}, opts);
    // Alphanumeric: values go into URLs, headers and env vars without escaping surprises.
    const password = (id: string, length: number) =>
      new random.RandomPassword(`${name}-${id}`, { length, special: false, ...rotationKeepers(args.rotation, id) }, { parent: this }).result;
    const orGenerated = (given: pulumi.Input<string> | undefined, make: () => pulumi.Output<string>) =>
      given === undefined ? make() : pulumi.secret(given);

    // Standard Webhooks: `whsec_` + base64 of 32 random bytes.
    this.hmacSecret = orGenerated(args.hmacSecret, () =>
      pulumi.secret(pulumi.interpolate`whsec_${new random.RandomBytes(`${name}-hmac`, { length: 32, ...rotationKeepers(args.rotation, 'hmac') }, { parent: this }).base64}`),
    );
    this.ingestApiKeys = orGenerated(args.ingestApiKeys, () => pulumi.interpolate`agent:${password('ingest-key', 40)}`);
    // The admin's keys, in the API's `id:secret` format, joined to the lists the API accepts.
    const adminReadKey = pulumi.interpolate`${ADMIN_KEY_ID}:${password('admin-read-key', 40)}`;
    const adminPrivacyKey = pulumi.interpolate`${ADMIN_KEY_ID}:${password('admin-privacy-key', 40)}`;
    const withAdmin = (others: pulumi.Input<string>, admin: pulumi.Output<string>) =>
      pulumi.secret(pulumi.all([others, admin]).apply((l) => l.filter(Boolean).join(',')));
    const url = (role: LoginRole) => pulumi.secret(args.databaseUrls[role]);

    const data: Record<CredentialKey, pulumi.Output<string>> = {
      INGEST_API_KEYS: this.ingestApiKeys,
      READ_API_KEYS: withAdmin(args.readApiKeys ?? '', adminReadKey),
      PRIVACY_API_KEYS: withAdmin(orGenerated(args.privacyApiKeys, () => pulumi.interpolate`privacy:${password('privacy-key', 40)}`), adminPrivacyKey),
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
      ADMIN_READ_API_KEY: adminReadKey,
      ADMIN_PRIVACY_API_KEY: adminPrivacyKey,
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

    const given = (v: pulumi.Input<string> | undefined, id: string) => v ?? generation(args.rotation, id);
    const urlIdentity = (role: LoginRole) => args.urlIdentity.databaseUrls[role];
    const identity: Record<CredentialKey, pulumi.Input<string>> = {
      INGEST_API_KEYS: given(args.ingestApiKeys, 'ingest-key'),
      READ_API_KEYS: pulumi.interpolate`${args.readApiKeys ?? ''}+${generation(args.rotation, 'admin-read-key')}`,
      PRIVACY_API_KEYS: pulumi.interpolate`${given(args.privacyApiKeys, 'privacy-key')}+${generation(args.rotation, 'admin-privacy-key')}`,
      HMAC_SECRET: given(args.hmacSecret, 'hmac'),
      IP_SALT: given(args.ipSalt, 'ip-salt'),
      PRIVACY_LEDGER_KEY: given(args.privacyLedgerKey, 'ledger-key'),
      DATABASE_URL: urlIdentity(URL_ROLES.DATABASE_URL),
      DATABASE_READ_URL: urlIdentity(URL_ROLES.DATABASE_READ_URL),
      DATABASE_PRIVACY_URL: urlIdentity(URL_ROLES.DATABASE_PRIVACY_URL),
      DATABASE_PRUNER_URL: urlIdentity(URL_ROLES.DATABASE_PRUNER_URL),
      DATABASE_MIGRATOR_URL: urlIdentity(URL_ROLES.DATABASE_MIGRATOR_URL),
      ADMIN_DATABASE_URL: urlIdentity(URL_ROLES.ADMIN_DATABASE_URL),
      DBT_ENV_SECRET_PASSWORD: urlIdentity('cbc_transformer'),
      REDIS_URL: args.urlIdentity.redisUrl,
      ADMIN_READ_API_KEY: generation(args.rotation, 'admin-read-key'),
      ADMIN_PRIVACY_API_KEY: generation(args.rotation, 'admin-privacy-key'),
    };
    const lines = CREDENTIAL_KEYS.map((k) => pulumi.interpolate`${k}=${identity[k]}`);
    // Unsecret on purpose: a digest reveals none of the config values it covers, and a plain
    // value keeps the chart's values (and so `pulumi preview` diffs) readable.
    this.checksum = pulumi.unsecret(pulumi.all(lines).apply((l) => createHash('sha256').update(l.join('\n')).digest('hex')));

    this.registerOutputs({ secretName: this.secretName, checksum: this.checksum });
  }
}
