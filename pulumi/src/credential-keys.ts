/**
 * The keys of the credentials Secret the app chart reads through `existingSecret`
 * (charts/cbc-analytics/values.yaml, templates/secret.yaml). The chart mounts single keys with
 * secretKeyRef, never the whole Secret, so each pod gets only its own role's URL: the migrator's
 * reaches the migrations Job alone. AppSecrets writes every one of them (generated, or from
 * `pulumi config set --secret`); none is left for a human to add.
 *
 * Plain data without SDK imports: the chart's env contract test (k8s/test/chart) imports it to
 * check that every key is consumed by some container and every secretKeyRef names one of them.
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
  // The admin's own `admin:<secret>` entries; the API's READ_API_KEYS and PRIVACY_API_KEYS
  // contain them. The admin calls with the first entry of its list, so it gets a list of one.
  'ADMIN_READ_API_KEY',
  'ADMIN_PRIVACY_API_KEY',
] as const;

export type CredentialKey = (typeof CREDENTIAL_KEYS)[number];
