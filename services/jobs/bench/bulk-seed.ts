import pg from 'pg';
import { runSeed, type RunSeedOptions } from '../src/commands/seed';

/*
 * The bench's bulk load: the seed command's bulk mode (runSeed, the rows `make seed` writes, the
 * same raw.ingest_events), with what only a throwaway bench database may afford. The secondary
 * indexes of raw.events and raw.event_ids are dropped for the load and built once afterwards
 * (one sorted build instead of millions of index inserts; the primary keys stay, they carry the
 * dedupe), and two connections write chunks at once: the seed's events all state their consent,
 * so no chunk's decisions depend on another's. test/seed-digest.int.test.ts proves the rows equal
 * the plain seed's.
 */

/** The indexes the load skips: every one on the two big raw tables except the keys. */
const DEFERRED_SQL = `
  SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
  FROM pg_index i
  WHERE i.indrelid IN ('raw.events'::regclass, 'raw.event_ids'::regclass) AND NOT i.indisprimary AND NOT i.indisunique
  ORDER BY 1`;

export async function benchSeed(adminUrl: string, o: RunSeedOptions): Promise<{ events: number; index_s: number }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const deferred = (await admin.query<{ name: string; def: string }>(DEFERRED_SQL)).rows;
    for (const ix of deferred) await admin.query(`DROP INDEX ${ix.name}`);
    let index_s = 0;
    let summary: Awaited<ReturnType<typeof runSeed>>;
    try {
      summary = await runSeed({ ...o, writers: o.writers ?? 2 });
    } finally {
      // Rebuilt even after a failed load: the database keeps the schema the migrations made.
      const t = performance.now();
      // pg_get_indexdef gives a partitioned index as "ON ONLY raw.events": run as it is, that
      // builds an invalid shell and no index on any partition. Without ONLY it builds them all.
      for (const ix of deferred) await admin.query(ix.def.replace(/ ON ONLY /, ' ON '));
      index_s = (performance.now() - t) / 1000;
    }
    if (summary.mode !== 'bulk') throw new Error('expected bulk mode');
    return { events: summary.rows.events, index_s };
  } finally {
    await admin.end();
  }
}
