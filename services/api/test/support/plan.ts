import type pg from 'pg';

export type PlanNode = Record<string, unknown>;

/**
 * Every node of `EXPLAIN (FORMAT JSON) <sql>` (sub-plans included), planned with sequential scans
 * priced out: test tables are small enough to be scanned whole, so a Seq Scan left in the plan
 * means no index can serve that predicate.
 */
export async function planNodes(pool: pg.Pool, sql: string, searchPath = 'pg_catalog, raw'): Promise<PlanNode[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    await client.query(`SET LOCAL search_path = ${searchPath}`);
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`);
    await client.query('ROLLBACK');
    const nodes: PlanNode[] = [];
    const walk = (n: PlanNode) => {
      nodes.push(n);
      for (const c of (n.Plans as PlanNode[] | undefined) ?? []) walk(c);
    };
    walk((rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan);
    return nodes;
  } finally {
    client.release();
  }
}
