import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { METRICS, type MetricType } from './catalogue';
import { chooseSeries } from './buckets';
import { windowCells } from './cells';
import { latestDataVersion, type DataVersion } from './data-version';
import { filtersKey, parseFilters } from './filters';
import { extrasFor, realtimeActivity, type RealtimeRow } from './queries';
import { suppressSeries, suppressTotals } from './suppress';
import { isPartial, parseBucket, parseSegment, resolveWindow } from './window';

export interface MetricQuery {
  window?: string;
  segment?: string;
  from?: string;
  to?: string;
  bucket?: string;
  [filter: string]: string | undefined;
}

export interface AnalyticsOptions {
  minGroupSize: number;
  cacheTtlSeconds: number;
  redisPrefix: string;
  /** REPORTING_TIME_ZONE: the club's days, weeks and months. */
  timeZone: string;
}

/**
 * Answers `GET /metrics/{type}` from the marts, as the reader role, with small-group
 * suppression. Results are cached in Redis under a key that contains the end time of the latest
 * dbt build that replaced marts (passed or failed: see data-version.ts), so a finished build
 * invalidates every cached answer at once; without Redis every request is answered from Postgres.
 */
export class AnalyticsService {
  private version: { value: DataVersion; at: number } | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly redis: Redis | null,
    private readonly opts: AnalyticsOptions,
  ) {}

  async get(type: MetricType, q: MetricQuery, now = Date.now()) {
    const def = METRICS[type];
    const segment = parseSegment(q.segment, def.segments);
    const filters = parseFilters(type, q);
    const requested = parseBucket(q.bucket, type);
    const w = resolveWindow(q, this.opts.timeZone, now);
    if (type === 'realtime') return this.realtime(now);

    const version = await this.dataVersion();
    const key = `${this.opts.redisPrefix}metrics:${version.value}:${type}:${segment}:${w.timeZone}:${w.from.toISOString()}:${w.to.toISOString()}:${w.previous.from.toISOString()}:${w.previous.to.toISOString()}:${requested ?? ''}:${filtersKey(filters)}`;
    const cached = await this.cacheGet(key);
    if (cached) return cached;

    const k = this.opts.minGroupSize;
    const measures = def.query!.measures;
    const choice = await chooseSeries(this.pool, type, w, { segment, filters, k, requested });
    w.bucket = choice.bucket;
    const [cells, extras] = await Promise.all([windowCells(this.pool, type, w, segment, filters, choice.series), extrasFor(this.pool, type, w, k, filters)]);
    const partial = (b: string) => isPartial(new Date(b), w.bucket, w);
    const { series, suppressed } = suppressSeries(cells.series, k, def.derive, segment !== 'none', partial);
    const body = {
      metric: type,
      window: {
        from: w.from.toISOString(), to: w.to.toISOString(), bucket: w.bucket, time_zone: w.timeZone,
        ...(choice.requested ? { bucket_requested: choice.requested, bucket_reason: choice.reason } : {}),
      },
      segment,
      filters,
      min_group_size: k,
      series,
      totals: suppressTotals(cells.totals, k, def.derive, measures),
      previous_totals: suppressTotals(cells.previous, k, def.derive, measures),
      suppressed,
      ...(Object.keys(extras).length ? { extras } : {}),
      data_version: version.value,
      ...(version.failedChecks ? { stale: true as const, failed_checks: version.failedChecks } : {}),
    };
    await this.cacheSet(key, body);
    return body;
  }

  private async realtime(now: number) {
    const k = this.opts.minGroupSize;
    const { from, to, ...live } = realtimeSeries(await realtimeActivity(this.pool), now, k);
    return {
      metric: 'realtime',
      window: { from, to, bucket: 'minute', time_zone: this.opts.timeZone },
      segment: 'none',
      min_group_size: k,
      series: live.series,
      totals: live.totals,
      previous_totals: null,
      active_guests_5m: live.active_guests_5m,
      arrival_lag: live.arrival_lag,
      suppressed: live.suppressed,
    };
  }

  /** Read at most every 5 s per replica: one indexed lookup, not one per request. */
  private async dataVersion(): Promise<DataVersion> {
    if (this.version && Date.now() - this.version.at < 5_000) return this.version.value;
    const value = await latestDataVersion(this.pool);
    this.version = { value, at: Date.now() };
    return value;
  }

  private async cacheGet(key: string): Promise<Record<string, unknown> | null> {
    if (!this.redis || this.redis.status !== 'ready' || this.opts.cacheTtlSeconds <= 0) return null;
    try {
      const v = await this.redis.get(key);
      return v ? (JSON.parse(v) as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private async cacheSet(key: string, body: unknown): Promise<void> {
    if (!this.redis || this.redis.status !== 'ready' || this.opts.cacheTtlSeconds <= 0) return;
    await this.redis.set(key, JSON.stringify(body), 'EX', this.opts.cacheTtlSeconds).catch(() => {});
  }

  /** Forget the cached data version (tests; a dbt run is otherwise noticed within 5 s). */
  resetVersion() {
    this.version = null;
  }
}

/**
 * The last 60 minutes by time of occurrence, one point per minute up to the current one. The
 * database reads "the last 60 minutes" by its own clock, so its rows may start a minute earlier
 * (or, with clocks apart, end a minute later) than the series: the totals count only the minutes
 * the series shows, so they always equal the sum of its points.
 *
 * Guest figures follow the k rule of every metric: 1 to k − 1 guests is withheld (null) and
 * counted in `suppressed`; none reveals nobody and reads 0. Events are not guests and stay
 * visible. The minutes need no complementary suppression: the answer has no guest total to
 * subtract them from, and distinct counts of different minutes do not add up.
 */
export function realtimeSeries(rows: RealtimeRow[], now: number, k: number) {
  const to = Math.floor(now / 60_000) * 60_000 + 60_000;
  const from = to - 60 * 60_000;
  let suppressed = 0;
  const guests = (n: number): number | null => {
    if (n > 0 && n < k) {
      suppressed++;
      return null;
    }
    return n;
  };
  const perMinute = new Map<string, Record<string, number>>();
  const guestsPerMinute = new Map<string, number>();
  const totals: Record<string, number> = { events: 0 };
  const summary = rows.find((r) => r.minute === null);
  for (const r of rows) {
    if (r.minute === null) continue;
    const t = Date.parse(r.minute);
    if (!(t >= from && t < to)) continue;
    if (r.event_type === null) {
      guestsPerMinute.set(r.minute, r.guests ?? 0);
      continue;
    }
    const m = perMinute.get(r.minute) ?? { events: 0 };
    m[r.event_type] = (m[r.event_type] ?? 0) + r.events;
    m.events = (m.events ?? 0) + r.events;
    perMinute.set(r.minute, m);
    totals[r.event_type] = (totals[r.event_type] ?? 0) + r.events;
    totals.events = (totals.events ?? 0) + r.events;
  }
  const series: Array<{ bucket: string; guests: number | null } & Record<string, number | string | null>> = [];
  for (let t = from; t < to; t += 60_000) {
    const minute = new Date(t).toISOString();
    series.push({ bucket: minute, ...(perMinute.get(minute) ?? { events: 0 }), guests: guests(guestsPerMinute.get(minute) ?? 0) });
  }
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    series,
    totals,
    active_guests_5m: guests(summary?.guests ?? 0),
    arrival_lag: {
      received: summary?.events ?? 0,
      median_seconds: summary?.lag_median_seconds ?? null,
      p95_seconds: summary?.lag_p95_seconds ?? null,
      late_arrivals: summary?.late_arrivals ?? 0,
    },
    suppressed,
  };
}
