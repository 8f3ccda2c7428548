import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import { metricParams, resolveWindow } from '@cbc/api';
import { explainMetricCommand } from '../src/commands/explain-metric';
import { main } from '../src/main';
import { io } from './support';

// explain-metric prints the very text the API runs and its plan. The marts are dbt's; the two
// the overview reads are created here with just the columns its query uses.
let url: string;
let admin: pg.Pool;
beforeAll(async () => {
  const db = await createTestDatabase(inject('stack'));
  url = db.adminUrl;
  admin = new pg.Pool({ connectionString: url, max: 1 });
  await admin.query(`
    CREATE SCHEMA IF NOT EXISTS marts;
    CREATE TABLE marts.fct_hourly_activity (activity_hour timestamptz, guest_type text, channel text, language text, events bigint,
      sessions bigint, page_views bigint, searches bigint, zero_result_searches bigint, faq_views bigint, faq_followed_views bigint,
      faq_deflected bigint, chat_sessions bigint, service_requests bigint, guests bigint);
    CREATE TABLE marts.fct_guest_hourly (activity_hour timestamptz, activity_date date, guest_type text, channel text, language text,
      guest_key text, events bigint);
    INSERT INTO marts.fct_hourly_activity VALUES (date_trunc('hour', now()) - interval '2 hours', 'member', 'web', 'en', 3, 1, 3, 0, 0, 0, 0, 0, 0, 0, 1);
    INSERT INTO marts.fct_guest_hourly VALUES (date_trunc('hour', now()) - interval '2 hours', current_date, 'member', 'web', 'en', 'k1', 3);`);
});
afterAll(async () => admin?.end());

describe('explain-metric', () => {
  it('prints the overview query as the API runs it, its parameters, and EXPLAIN (ANALYZE, BUFFERS)', async () => {
    const x = io({ DATABASE_URL: url });
    expect(await explainMetricCommand.run(['overview', '--window', '7d', '--segment', 'guest_type'], x)).toBe(0);
    const { query } = metricParams('overview', resolveWindow({ window: '7d' }, 'Atlantic/Bermuda'), { bucket: 'day', segment: 'guest_type', timeZone: 'Atlantic/Bermuda' });
    expect(x.out()).toContain(query.sql.trim());
    expect(x.out()).toMatch(/\$3 bucket = day, \$4 segment = guest_type, \$5 time zone = Atlantic\/Bermuda/);
    expect(x.out()).toMatch(/Seq Scan on fct_hourly_activity/);
    expect(x.out()).toMatch(/Execution Time: [\d.]+ ms/);
    expect(x.out()).toMatch(/Buffers: shared/);
  });

  it('explains the totals query with --totals', async () => {
    const x = io({ DATABASE_URL: url });
    expect(await explainMetricCommand.run(['overview', '--window', '30d', '--totals'], x)).toBe(0);
    expect(x.out()).toMatch(/\$3 bucket = NULL, \$4 segment = none/);
  });

  it('binds filters as the API does, and refuses one the metric cannot honour before connecting', async () => {
    const x = io({ DATABASE_URL: url });
    expect(await explainMetricCommand.run(['overview', '--window', '7d', '--guest_type', 'member', '--language', 'en'], x)).toBe(0);
    expect(x.out()).toMatch(/\$6 guest_type = member, \$7 channel = NULL, \$8 language = en/);
    expect(x.out()).toMatch(/Execution Time: [\d.]+ ms/);
    const bad = io({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(await explainMetricCommand.run(['overview', '--page', '/spa'], bad)).toBe(2);
    expect(bad.err()).toMatch(/overview cannot be filtered by page/);
  });

  it('refuses a segment the metric does not have, and an unknown metric, before connecting', async () => {
    const bad = io({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(await explainMetricCommand.run(['overview', '--segment', 'service_type'], bad)).toBe(2);
    expect(bad.err()).toMatch(/--segment must be one of none, guest_type, channel, language/);
    const unknown = io({});
    expect(await explainMetricCommand.run(['realtime'], unknown)).toBe(2);
    expect(unknown.err()).toMatch(/unknown metric "realtime"/);
  });

  it('says how to use it with --help', async () => {
    const x = io({});
    expect(await main(['explain-metric', '--help'], x)).toBe(0);
    expect(x.out()).toMatch(/usage: npm run -s cli -- explain-metric <metric>/);
    expect(x.out()).toMatch(/DATABASE_URL +required/);
  });
});
