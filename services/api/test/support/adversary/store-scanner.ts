import type pg from 'pg';
import type { Redis } from 'ioredis';
import type { Canary, CanaryIndex } from './canaries';

/** One canary found somewhere it must never be. */
export interface Finding {
  canary: Canary;
  /** `postgres schema.table.column`, `redis <key>` or `log line <n>`. */
  where: string;
  /** The stored value around the canary, cut short (it is test data, never real PII). */
  excerpt: string;
}

const excerpt = (s: string) => (s.length > 160 ? `${s.slice(0, 160)}…` : s);

/**
 * Every table (and partition, and materialized view) of every schema that is not PostgreSQL's
 * own, with each column whose values are text of some kind: strings, JSON, network addresses,
 * arrays. A table added tomorrow is scanned without anyone listing it here.
 */
export async function textColumns(admin: pg.Pool): Promise<Array<{ table: string; columns: string[] }>> {
  const res = await admin.query<{ table: string; columns: string[] }>(`
    SELECT format('%I.%I', n.nspname, c.relname) AS table,
           array_agg(format('%I', a.attname) ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE c.relkind IN ('r', 'm')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'
      AND (t.typcategory IN ('S', 'I', 'A') OR t.typname IN ('json', 'jsonb', 'xml'))
    GROUP BY 1
    ORDER BY 1`);
  return res.rows;
}

/** Every canary in every text column of every table, as the superuser sees them. */
export async function scanPostgres(admin: pg.Pool, index: CanaryIndex): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const { table, columns } of await textColumns(admin)) {
    const select = columns.map((c, i) => `${c}::text AS c${i}`).join(', ');
    const { rows } = await admin.query<Record<string, string | null>>(`SELECT ${select} FROM ${table}`);
    for (const row of rows) {
      columns.forEach((column, i) => {
        const value = row[`c${i}`];
        if (!value) return;
        for (const canary of index.find(value)) findings.push({ canary, where: `postgres ${table}.${column}`, excerpt: excerpt(value) });
      });
    }
  }
  return findings;
}

async function redisValue(redis: Redis, key: string): Promise<string> {
  switch (await redis.type(key)) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}

/** Every key of the Redis database, name and value (whatever the key prefix). */
export async function scanRedis(redis: Redis, index: CanaryIndex): Promise<Finding[]> {
  const findings: Finding[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const text = `${key}\n${await redisValue(redis, key)}`;
      for (const canary of index.find(text)) findings.push({ canary, where: `redis ${key}`, excerpt: excerpt(text) });
    }
  } while (cursor !== '0');
  return findings;
}

export function scanLines(lines: readonly string[], index: CanaryIndex, label = 'log'): Finding[] {
  const findings: Finding[] = [];
  lines.forEach((line, n) => {
    for (const canary of index.find(line)) findings.push({ canary, where: `${label} line ${n + 1}`, excerpt: excerpt(line) });
  });
  return findings;
}
