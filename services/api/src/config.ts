import { availableParallelism } from 'node:os';
import { Type, type Static } from 'typebox';
import { ConfigError, parseEnv } from '@cbc/config';
import { DEFAULT_PHONE_REGIONS } from '@cbc/privacy';
import { parseWebhookSecrets } from '@cbc/contract';
import { DEFAULT_REPORTING_TIME_ZONE, timeZoneProblem } from './analytics/zone';

export { ConfigError };

/**
 * Every environment variable the API reads, validated once at boot. Documented for people in
 * services/api/.env.example (a test holds the two together); `loadConfig` fails fast with every
 * problem listed.
 */
export const ApiEnv = Type.Object({
  PORT: Type.Integer({ default: 8001, minimum: 1, maximum: 65535 }),
  // Every interface by default (a container's port is reached through its pod IP); the local
  // stack sets 127.0.0.1 for both so a developer's machine exposes nothing to its network.
  HOST: Type.String({ default: '0.0.0.0', minLength: 1 }),
  METRICS_PORT: Type.Integer({ default: 9464, minimum: 0, maximum: 65535 }),
  METRICS_HOST: Type.String({ default: '0.0.0.0', minLength: 1 }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  DATABASE_URL: Type.String({ minLength: 1 }),
  DATABASE_POOL_MAX: Type.Integer({ default: 10, minimum: 1, maximum: 100 }),
  DATABASE_READ_URL: Type.String({ default: '' }),
  DATABASE_READ_POOL_MAX: Type.Integer({ default: 5, minimum: 1, maximum: 100 }),
  DATABASE_PRIVACY_URL: Type.String({ default: '' }),
  PRIVACY_LEDGER_KEY: Type.String({ default: '' }),
  MIN_GROUP_SIZE: Type.Integer({ default: 5, minimum: 2, maximum: 1000 }),
  METRICS_CACHE_TTL_SECONDS: Type.Integer({ default: 60, minimum: 0, maximum: 3600 }),
  REDIS_URL: Type.String({ default: '' }),
  REDIS_KEY_PREFIX: Type.String({ default: 'cbc:' }),
  INGEST_API_KEYS: Type.String({ minLength: 1 }),
  READ_API_KEYS: Type.String({ default: '' }),
  PRIVACY_API_KEYS: Type.String({ default: '' }),
  // Ids of the privacy keys that may name a staff member (the dashboard's own: Pulumi names it
  // `admin`). Any other key sending the staff header is refused: only the dashboard knows who is
  // signed in, so only its word goes into the audit log.
  PRIVACY_STAFF_KEY_IDS: Type.String({ default: 'admin', pattern: '^([^,\\s]+(,[^,\\s]+)*)?$' }),
  HMAC_SECRET: Type.String({ default: '' }),
  IP_SALT: Type.String({ minLength: 16 }),
  IP_HASH_ROTATION: Type.Union([Type.Literal('daily'), Type.Literal('none')], { default: 'daily' }),
  TRUST_PROXY: Type.String({ default: 'false' }),
  COLLECT_PII: Type.Boolean({ default: false }),
  DOCS_UI: Type.Boolean({ default: true }),
  CONSENT_DEFAULT: Type.Union([Type.Literal('denied'), Type.Literal('granted')], { default: 'denied' }),
  NO_CONSENT_ACTION: Type.Union([Type.Literal('minimize'), Type.Literal('drop')], { default: 'minimize' }),
  FLUSH_INTERVAL_MS: Type.Integer({ default: 5, minimum: 0, maximum: 1000 }),
  FLUSH_MAX_ROWS: Type.Integer({ default: 500, minimum: 1, maximum: 5000 }),
  FLUSH_MAX_INFLIGHT: Type.Integer({ default: 4, minimum: 1, maximum: 64 }),
  QUEUE_MAX_ROWS: Type.Integer({ default: 20000, minimum: 1 }),
  RATE_LIMIT_MAX: Type.Integer({ default: 1200, minimum: 1 }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ default: 60000, minimum: 100 }),
  // Redaction of long texts on worker threads: 'auto' is one fewer than the CPUs this process may
  // use (at least 1, at most 4); 0 redacts everything on the event loop.
  REDACTION_WORKERS: Type.String({ default: 'auto', pattern: '^(auto|[0-9]|1[0-6])$' }),
  REDACTION_OFFLOAD_CHARS: Type.Integer({ default: 1000, minimum: 0 }),
  REDACTION_QUEUE_MAX: Type.Integer({ default: 500, minimum: 1 }),
  BODY_LIMIT_BYTES: Type.Integer({ default: 1048576, minimum: 1024 }),
  REQUEST_TIMEOUT_MS: Type.Integer({ default: 10000, minimum: 100 }),
  DB_TIMEOUT_MS: Type.Integer({ default: 3000, minimum: 100 }),
  // Unset: ops.retention_policy decides (the one definition); set, they may only lengthen it.
  RETENTION_BROWSING_MONTHS: Type.Optional(Type.Integer({ minimum: 1 })),
  RETENTION_SERVICE_MONTHS: Type.Optional(Type.Integer({ minimum: 1 })),
  RETENTION_CONSENT_MONTHS: Type.Optional(Type.Integer({ minimum: 1 })),
  // The club's clock (IANA name): metric days, weeks, months and calendar windows are cut in it.
  REPORTING_TIME_ZONE: Type.String({ default: DEFAULT_REPORTING_TIME_ZONE, minLength: 1 }),
  PHONE_REGIONS: Type.String({ default: DEFAULT_PHONE_REGIONS.join(','), pattern: '^[A-Z]{2}(,[A-Z]{2})*$' }),
});
type Env = Static<typeof ApiEnv>;

export interface ApiKey {
  /** Public id used in logs and audit rows; never the secret. */
  id: string;
  secret: Buffer;
}

export interface Config extends Omit<Env, 'INGEST_API_KEYS' | 'READ_API_KEYS' | 'PRIVACY_API_KEYS' | 'PRIVACY_STAFF_KEY_IDS' | 'HMAC_SECRET' | 'TRUST_PROXY' | 'REDACTION_WORKERS'> {
  /** Redaction worker threads; 0 means redaction runs on the event loop. */
  redactionWorkers: number;
  keys: { ingest: ApiKey[]; read: ApiKey[]; privacy: ApiKey[] };
  /** Ids of the privacy keys whose requests may carry the staff id header. */
  staffKeyIds: ReadonlySet<string>;
  webhookKeys: Buffer[];
  trustProxy: boolean | string[];
}

/** `id:secret` entries, comma separated. A bare secret gets a stable id derived from its hash. */
export function parseApiKeys(raw: string, name: string, problems: string[]): ApiKey[] {
  const keys: ApiKey[] = [];
  for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = entry.indexOf(':');
    const id = i > 0 ? entry.slice(0, i) : `key-${keys.length + 1}`;
    const secret = i > 0 ? entry.slice(i + 1) : entry;
    if (secret.length < 16) problems.push(`${name}: key "${id}" is shorter than 16 characters`);
    keys.push({ id, secret: Buffer.from(secret) });
  }
  return keys;
}

function parseTrustProxy(raw: string): boolean | string[] {
  const v = raw.trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

const HINT = 'see services/api/.env.example';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  let keys: Config['keys'] = { ingest: [], read: [], privacy: [] };
  let webhookKeys: Buffer[] = [];
  const parsed = parseEnv(ApiEnv, env, {
    hint: HINT,
    check(v, problems) {
      // Secrets with surrounding whitespace are a copy-paste accident; refuse them rather than trim.
      for (const key of ['HMAC_SECRET', 'IP_SALT', 'PRIVACY_LEDGER_KEY'] as const) {
        const s = v[key];
        if (s !== undefined && s !== s.trim()) problems.push(`${key}: has leading or trailing whitespace`);
      }
      keys = {
        ingest: parseApiKeys(v.INGEST_API_KEYS ?? '', 'INGEST_API_KEYS', problems),
        read: parseApiKeys(v.READ_API_KEYS ?? '', 'READ_API_KEYS', problems),
        privacy: parseApiKeys(v.PRIVACY_API_KEYS ?? '', 'PRIVACY_API_KEYS', problems),
      };
      // Standard Webhooks secrets `whsec_<base64>`; several (space or comma separated) for rotation.
      const webhook = parseWebhookSecrets(v.HMAC_SECRET ?? '');
      problems.push(...webhook.problems.map((p) => `HMAC_SECRET: ${p}`));
      webhookKeys = webhook.keys;
      if (keys.privacy.length > 0 && !v.DATABASE_PRIVACY_URL) {
        problems.push('DATABASE_PRIVACY_URL: required when PRIVACY_API_KEYS is set (privacy requests run as the privacy role)');
      }
      // Ingest needs the key as much as the privacy API: it refuses events of erased guests by their
      // ledger hash and links rows stored without consent to it, so erasure can reach them.
      if ((keys.privacy.length > 0 || keys.ingest.length > 0 || webhookKeys.length > 0) && (v.PRIVACY_LEDGER_KEY ?? '').length < 16) {
        problems.push('PRIVACY_LEDGER_KEY: required (≥16 chars) when the API ingests events or serves privacy requests (it keys the deletion ledger hashes)');
      }
      const zone = timeZoneProblem(v.REPORTING_TIME_ZONE ?? DEFAULT_REPORTING_TIME_ZONE);
      if (zone) problems.push(`REPORTING_TIME_ZONE: ${zone}`);
      if (keys.read.length > 0 && !v.DATABASE_READ_URL) {
        problems.push('DATABASE_READ_URL: required when READ_API_KEYS is set (the metrics API reads marts as the reader role)');
      }
    },
  });
  const { INGEST_API_KEYS: _i, READ_API_KEYS: _r, PRIVACY_API_KEYS: _p, PRIVACY_STAFF_KEY_IDS, HMAC_SECRET: _h, TRUST_PROXY, REDACTION_WORKERS, ...rest } = parsed;
  const staffKeyIds = new Set(PRIVACY_STAFF_KEY_IDS.split(',').filter(Boolean));
  const redactionWorkers = REDACTION_WORKERS === 'auto' ? Math.min(4, Math.max(1, availableParallelism() - 1)) : Number(REDACTION_WORKERS);
  return { ...rest, keys, staffKeyIds, webhookKeys, trustProxy: parseTrustProxy(TRUST_PROXY), redactionWorkers };
}
