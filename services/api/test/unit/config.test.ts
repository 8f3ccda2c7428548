import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleMismatch } from '@cbc/config';
import { ApiEnv, ConfigError, loadConfig } from '../../src/config';

const base = {
  DATABASE_URL: 'postgres://cbc_ingest:x@127.0.0.1/cbc',
  INGEST_API_KEYS: 'agent:0123456789abcdef0123',
  IP_SALT: 'salt-0123456789abcdef',
  PRIVACY_LEDGER_KEY: 'ledger-0123456789abcdef',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('configuration is validated once, at boot', () => {
  it('applies documented defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({ PORT: 8001, HOST: '0.0.0.0', METRICS_PORT: 9464, METRICS_HOST: '0.0.0.0', COLLECT_PII: false, CONSENT_DEFAULT: 'denied', NO_CONSENT_ACTION: 'minimize', FLUSH_MAX_ROWS: 500 });
    expect(c.keys.ingest).toEqual([{ id: 'agent', secret: Buffer.from('0123456789abcdef0123') }]);
    expect(c.trustProxy).toBe(false);
  });

  it('takes the club\'s time zone, Atlantic/Bermuda, unless told another IANA zone of whole-hour offsets', () => {
    expect(loadConfig(base).REPORTING_TIME_ZONE).toBe('Atlantic/Bermuda');
    expect(loadConfig({ ...base, REPORTING_TIME_ZONE: 'Europe/London' }).REPORTING_TIME_ZONE).toBe('Europe/London');
    expect(problems({ ...base, REPORTING_TIME_ZONE: 'Atlantic/Atlantis' })).toEqual([expect.stringMatching(/^REPORTING_TIME_ZONE: "Atlantic\/Atlantis" is not an IANA time zone/)]);
    // Days are cut from UTC-hour rows: a half-hour zone cannot have them.
    expect(problems({ ...base, REPORTING_TIME_ZONE: 'Asia/Kolkata' })).toEqual([expect.stringMatching(/^REPORTING_TIME_ZONE: .*not a whole number of hours/)]);
  });

  it('lists every problem at once', () => {
    const p = problems({ PORT: 'abc', IP_SALT: 'short' });
    expect(p.join('\n')).toMatch(/PORT/);
    expect(p.join('\n')).toMatch(/IP_SALT/);
  });

  it('refuses secrets with surrounding whitespace', () => {
    expect(problems({ ...base, IP_SALT: ' salt-0123456789abcdef' })).toEqual([expect.stringMatching(/IP_SALT: has leading or trailing whitespace/)]);
  });

  it('refuses webhook secrets that are malformed or shorter than 24 bytes', () => {
    expect(problems({ ...base, HMAC_SECRET: 'not-a-whsec' })).toEqual([expect.stringMatching(/whsec_/)]);
    expect(problems({ ...base, HMAC_SECRET: `whsec_${Buffer.alloc(16).toString('base64')}` })).toEqual([expect.stringMatching(/24–64 bytes/)]);
    expect(loadConfig({ ...base, HMAC_SECRET: `whsec_${Buffer.alloc(32, 1).toString('base64')} whsec_${Buffer.alloc(24, 2).toString('base64')}` }).webhookKeys).toHaveLength(2);
  });

  it('refuses short API keys and needs a reader URL for read keys', () => {
    expect(problems({ ...base, INGEST_API_KEYS: 'agent:short' })).toEqual([expect.stringMatching(/shorter than 16/)]);
    expect(problems({ ...base, READ_API_KEYS: 'dash:0123456789abcdef0123' })).toEqual([expect.stringMatching(/DATABASE_READ_URL/)]);
  });

  it('needs the ledger key whenever the API ingests: late events of erased guests are refused by it', () => {
    const { PRIVACY_LEDGER_KEY: _key, ...withoutKey } = base;
    expect(problems(withoutKey)).toEqual([expect.stringMatching(/^PRIVACY_LEDGER_KEY: required/)]);
    expect(problems({ ...withoutKey, PRIVACY_LEDGER_KEY: 'too-short' })).toEqual([expect.stringMatching(/^PRIVACY_LEDGER_KEY: required/)]);
    expect(problems(base)).toEqual([]);
  });

  it('sizes the redaction workers: auto from the CPUs (1 to 4), 0 for none, a number, nothing else', () => {
    const auto = loadConfig(base).redactionWorkers;
    expect(auto).toBeGreaterThanOrEqual(1);
    expect(auto).toBeLessThanOrEqual(4);
    expect(loadConfig({ ...base, REDACTION_WORKERS: '0' }).redactionWorkers).toBe(0);
    expect(loadConfig({ ...base, REDACTION_WORKERS: '3' }).redactionWorkers).toBe(3);
    expect(problems({ ...base, REDACTION_WORKERS: 'many' })).toEqual([expect.stringMatching(/^REDACTION_WORKERS/)]);
    expect(problems({ ...base, REDACTION_QUEUE_MAX: '0' })).toEqual([expect.stringMatching(/^REDACTION_QUEUE_MAX/)]);
  });

  it('parses TRUST_PROXY as false, true or CIDRs', () => {
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 192.168.0.0/16' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
  });

  it('documents exactly the variables of its schema in services/api/.env.example', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    expect(Object.keys(ApiEnv.properties).length).toBeGreaterThan(20);
    expect(exampleMismatch(example, Object.keys(ApiEnv.properties))).toEqual({ undocumented: [], unread: [] });
  });

  it('leaves an empty variable to its default, and says where a missing one is documented', () => {
    expect(loadConfig({ ...base, PORT: '', RETENTION_BROWSING_MONTHS: '' })).toMatchObject({ PORT: 8001 });
    expect(loadConfig({ ...base, RETENTION_BROWSING_MONTHS: '' })).not.toHaveProperty('RETENTION_BROWSING_MONTHS');
    expect(problems({ ...base, DATABASE_URL: '' })).toEqual(['DATABASE_URL: is not set (see services/api/.env.example)']);
  });
});
