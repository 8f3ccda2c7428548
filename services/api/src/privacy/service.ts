import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { UnavailableError } from '../errors';
import type { Metrics } from '../telemetry/registry';
import { audit, countConsentRecords, eraseRows, exportRows, recordErasure, subjectHash } from '@cbc/db';

export const CONSENT_RETENTION_REASON =
  'Consent records are kept for 7 years as evidence that processing was lawful (GDPR Art. 7(1) and Art. 17(3)(b)/(e)); ' +
  'they hold the guest id, the consent flags, the policy version label and the closed-vocabulary segment fields ' +
  '(guest type, channel, language, source) — no free text and no IP data.';

/** Who made a request: the API key (always) and, through the dashboard's key, the staff member. */
export interface Requester {
  actor: string;
  staffId: string | null;
}

export interface PrivacyOptions {
  ledgerKey: string;
  redisPrefix: string;
}

/**
 * GDPR access (Art. 15/20) and erasure (Art. 17). Both run as the privacy role, in one
 * transaction with their audit row, so a request is either done and audited or not done at all.
 * They fail closed: if Redis is configured but unreachable, erasure could not reach its caches,
 * so both answer 503 rather than claim a completeness they cannot prove.
 */
export class PrivacyService {
  constructor(
    private readonly pool: Pool,
    private readonly redis: Redis | null,
    private readonly metrics: Metrics,
    private readonly opts: PrivacyOptions,
  ) {}

  private requireRedis(kind: 'export' | 'delete') {
    if (this.redis && this.redis.status !== 'ready') {
      this.metrics.privacyRequests.inc({ kind, outcome: 'unavailable' });
      throw new UnavailableError('The cache store is unavailable; privacy requests are paused until it is back', 5);
    }
  }

  async export(guestId: string, by: Requester) {
    this.requireRedis('export');
    const exportId = randomUUID();
    const hash = subjectHash(this.opts.ledgerKey, guestId);
    return this.tx('export', by, hash, async (client) => {
      const rows = await exportRows(client, { guestId, hash });
      const manifest = [
        { source: 'raw.events', count: rows.events.length },
        { source: 'raw.consent_records', count: rows.consent.length },
        ...Object.entries(rows.marts).map(([source, r]) => ({ source, count: r.length })),
        { source: 'privacy.pii_quarantine', count: rows.quarantine.length },
      ];
      await audit(client, { ...by, action: 'export', subjectHash: hash, result: 'success', details: { export_id: exportId, manifest } });
      return {
        export_id: exportId,
        generated_at: new Date().toISOString(),
        subject: { guest_id: guestId },
        manifest,
        data: { raw_events: rows.events, consent_records: rows.consent, marts: rows.marts, pii_quarantine: rows.quarantine },
        notes: [
          'Free text was redacted before storage; IP addresses are stored only as /24 or /48 networks and a keyed hash.',
          'Events stored without analytics consent carry no guest id; they are included through the keyed link kept for erasure.',
          'Aggregated marts (daily and hourly activity) hold no guest-level rows and are not part of this export.',
        ],
      };
    });
  }

  async erase(guestId: string, by: Requester) {
    this.requireRedis('delete');
    const receiptId = randomUUID();
    const hash = subjectHash(this.opts.ledgerKey, guestId);
    const receipt = await this.tx('delete', by, hash, async (client) => {
      const deleted = await eraseRows(client, { guestId, hash });
      const consentKept = await countConsentRecords(client, guestId);
      const firstErasure = await recordErasure(client, hash, receiptId);
      const body = {
        receipt_id: receiptId,
        erased_at: new Date().toISOString(),
        subject_hash: hash,
        deleted: {
          raw_events: deleted.raw_events,
          minimized_events: deleted.minimized_events,
          marts: deleted.marts,
          pii_quarantine: deleted.quarantined_rows,
          redis_keys: 0,
        },
        retained: [{ store: 'raw.consent_records', rows: consentKept, reason: CONSENT_RETENTION_REASON }],
        ledger: firstErasure ? 'recorded' : 'already recorded',
      };
      await audit(client, { ...by, action: 'delete', subjectHash: hash, result: 'success', details: body });
      return body;
    });
    // After the commit: cached metric answers may include the guest's rows (top lists, counts).
    receipt.deleted.redis_keys = await this.dropCaches();
    return receipt;
  }

  private async dropCaches(): Promise<number> {
    if (!this.redis) return 0;
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.opts.redisPrefix}metrics:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) removed += await this.redis.del(...keys);
    } while (cursor !== '0');
    return removed;
  }

  private async tx<T>(kind: 'export' | 'delete', by: Requester, hash: string, fn: (c: import('pg').PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      this.metrics.privacyRequests.inc({ kind, outcome: 'success' });
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      this.metrics.privacyRequests.inc({ kind, outcome: 'failure' });
      // The failed attempt is audited too, outside the rolled-back transaction.
      await audit(this.pool, { ...by, action: kind, subjectHash: hash, result: 'failure', details: { error: (err as { code?: string }).code ?? 'error' } }).catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
}
