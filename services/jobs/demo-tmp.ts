import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startTestStack, createTestDatabase } from '@cbc/devstack';
import { buildApp } from '../ingest/src/app';
import { loadConfig } from '../ingest/src/config';
import { seedCommand } from './src/commands/seed';
const { stack, stop } = await startTestStack();
try {
  const db = await createTestDatabase(stack);
  const env = { INGEST_API_KEYS: 'agent:demo-ingest-key-0123456789', HMAC_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', IP_SALT: 'demo-salt-0123456789' };
  const app = await buildApp(loadConfig({ ...env, DATABASE_URL: db.urls.cbc_ingest, REDIS_URL: stack.redisUrl, LOG_LEVEL: 'silent' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  for (const run of [1, 2]) {
    const code = await seedCommand.run(['--seed', '42'], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: { ...env, API_URL: url } });
    const admin = new pg.Client({ connectionString: db.adminUrl }); await admin.connect();
    const r = await admin.query(`SELECT (SELECT count(*) FROM raw.events)::int AS events, (SELECT count(*) FROM raw.consent_records)::int AS consent, (SELECT count(*) FROM raw.events WHERE source='webhook')::int AS via_webhook, (SELECT count(*) FROM raw.events WHERE minimized)::int AS minimized`);
    console.log(`run ${run}: exit ${code}, stored`, r.rows[0]);
    await admin.end();
  }
  await app.close();
} finally { await stop(); }
