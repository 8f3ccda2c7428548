import { expect, it, inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import { waitForSchemaCommand } from '../src/commands/wait-for-schema';
import { io } from './support';

it('returns at once when every migration of this build is applied, as the pod’s own role', async () => {
  const db = await createTestDatabase(inject('stack'));
  for (const url of [db.urls.cbc_ingest, db.urls.cbc_admin]) {
    const x = io({ DATABASE_URL: url });
    expect(await waitForSchemaCommand.run(['--timeout', '5'], x)).toBe(0);
    expect(x.out()).toMatch(/schema is current \(\d+ migrations\)/);
  }
});

it('times out with the list of what is missing', async () => {
  const db = await createTestDatabase(inject('stack'));
  const pg = await import('pg');
  const admin = new pg.default.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query("DELETE FROM ops.schema_migrations WHERE name LIKE '0006%'");
  await admin.end();
  const x = io({ DATABASE_URL: db.urls.cbc_ingest });
  expect(await waitForSchemaCommand.run(['--timeout', '1'], x)).toBe(1);
  expect(x.err()).toMatch(/timed out waiting for migrations: 0006_schema_visibility/);
});
