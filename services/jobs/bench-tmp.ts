import { readFileSync } from 'node:fs';
import pg from 'pg';
import { startTestStack, createTestDatabase } from '@cbc/devstack';
import { runSeed } from './src/commands/seed';
const scale = Number(process.argv[2] ?? 1_000_000);
const { stack, stop } = await startTestStack();
try {
  const db = await createTestDatabase(stack);
  const admin = new pg.Client({ connectionString: db.adminUrl }); await admin.connect();
  let pgCpu = 0; let peak = 0;
  const sample = async () => {
    peak = Math.max(peak, process.memoryUsage().rss);
    const r = await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'cbc-seed-bulk'`);
    for (const { pid } of r.rows) { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); pgCpu = (Number(f[11]) + Number(f[12])) / 100; } catch {} }
  };
  const timer = setInterval(() => void sample(), 250);
  const c0 = process.cpuUsage();
  const s = await runSeed({ scale, seed: 42, env: { DATABASE_URL: db.urls.cbc_ingest, IP_SALT: 'bench-salt-0123456789' }, log: () => {} });
  const c = process.cpuUsage(c0);
  clearInterval(timer);
  const rows = (s as any).rows.event_ids;
  console.log(JSON.stringify({ rows, elapsed_s: s.elapsed_s, rows_per_s: (s as any).rows_per_s, node_cpu_us_per_row: ((c.user + c.system) / rows).toFixed(1), pg_backend_cpu_us_per_row: (pgCpu * 1e6 / rows).toFixed(1), peak_rss_mb: Math.round(peak / 1e6) }));
  await admin.end();
} finally { await stop(); }
