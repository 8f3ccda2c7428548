-- Up Migration
-- The live panel by time of occurrence. raw.realtime_counts counted by arrival, so a seed or a
-- backlog flush showed days-old events as "the last hour"; it is replaced by raw.realtime_activity,
-- which places each event in the minute it occurred and reports arrival lag apart. The reader role
-- may not read raw events, so it gets this SECURITY DEFINER function: aggregates only, never an
-- identifier (distinct guest counts; the API withholds those below k).
--
-- The window is the 60 minutes up to the current one: [current minute - 59 min, current minute
-- + 1 min). An event stamped up to one minute ahead of the database's clock (a skewed agent clock)
-- counts in the current minute; one further ahead is left out until its minute comes.
-- Consent records count as `consent_updated` events, never as guests: a consent change is evidence,
-- not activity of a guest who agreed to analytics. Minimized rows (no guest_id) count as events.
--
-- Cost: every predicate is a plain range on an indexed column. occurred_at ranges prune the monthly
-- partitions at executor start (now() is stable) and use events_occurred_idx in the rest;
-- received_at cannot prune (the partitions are by occurred_at), so the lag part probes
-- events_received_idx once in each partition, which is cheap on the empty ones. Consent records
-- (kept 7 years) had no index on received_at: it is added here.
CREATE INDEX consent_records_received_idx ON raw.consent_records (received_at);

CREATE FUNCTION raw.realtime_activity()
RETURNS TABLE (
  minute timestamptz,        -- NULL on the summary row
  event_type text,           -- NULL on a minute's all-types row and on the summary row
  events bigint,             -- per minute and type; per minute (all types); summary: events received in the window
  guests bigint,             -- distinct guests of a minute (all-types row only); summary: active in the last 5 minutes
  late_arrivals bigint,      -- summary: received in the window, occurred before it
  lag_median_seconds double precision, -- summary: received_at - occurred_at over the events received in the window
  lag_p95_seconds double precision
)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, raw
AS $$
  -- The bounds are written out in every predicate, not joined from a CTE: a stable expression
  -- prunes partitions when the plan starts, a join column would not.
  WITH occurred AS (
    SELECT least(date_trunc('minute', e.occurred_at), date_trunc('minute', now())) AS minute, e.event_type, e.guest_id
    FROM raw.events e
    WHERE e.occurred_at >= date_trunc('minute', now()) - interval '59 minutes' AND e.occurred_at <= now() + interval '1 minute'
    UNION ALL
    SELECT least(date_trunc('minute', c.occurred_at), date_trunc('minute', now())), 'consent_updated', NULL
    FROM raw.consent_records c
    WHERE c.occurred_at >= date_trunc('minute', now()) - interval '59 minutes' AND c.occurred_at <= now() + interval '1 minute'
  ),
  received AS (
    SELECT e.occurred_at, e.received_at FROM raw.events e WHERE e.received_at >= date_trunc('minute', now()) - interval '59 minutes'
    UNION ALL
    SELECT c.occurred_at, c.received_at FROM raw.consent_records c WHERE c.received_at >= date_trunc('minute', now()) - interval '59 minutes'
  ),
  -- One pass over what arrived in the hour (a backlog flush can make it large): count and both percentiles.
  lag AS (
    SELECT count(*) AS received,
           count(*) FILTER (WHERE r.occurred_at < date_trunc('minute', now()) - interval '59 minutes') AS late,
           percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY extract(epoch FROM r.received_at - r.occurred_at)) AS p
    FROM received r
  )
  SELECT o.minute, o.event_type, count(*),
         CASE WHEN GROUPING(o.event_type) = 1 THEN count(DISTINCT o.guest_id) END,
         NULL::bigint, NULL::double precision, NULL::double precision
  FROM occurred o
  GROUP BY GROUPING SETS ((o.minute, o.event_type), (o.minute))
  UNION ALL
  SELECT NULL, NULL, l.received,
         (SELECT count(DISTINCT e.guest_id) FROM raw.events e
          WHERE e.occurred_at >= now() - interval '5 minutes' AND e.occurred_at <= now() + interval '1 minute'),
         l.late, l.p[1], l.p[2]
  FROM lag l
  ORDER BY 1 NULLS LAST, 2 NULLS FIRST
$$;
REVOKE ALL ON FUNCTION raw.realtime_activity() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION raw.realtime_activity() TO cbc_reader;

DROP FUNCTION raw.realtime_counts(integer);

-- Down Migration
DROP FUNCTION raw.realtime_activity();
DROP INDEX raw.consent_records_received_idx;

-- raw.realtime_counts as 0003_realtime_counts.sql created it (the reader keeps USAGE on raw).
CREATE FUNCTION raw.realtime_counts(p_minutes integer DEFAULT 60)
RETURNS TABLE (minute timestamptz, event_type text, events bigint)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, raw
AS $$
  SELECT date_trunc('minute', e.received_at) AS minute, e.event_type, count(*) AS events
  FROM raw.events e
  WHERE e.received_at >= now() - make_interval(mins => least(greatest(p_minutes, 1), 240))
  GROUP BY 1, 2
  UNION ALL
  SELECT date_trunc('minute', c.received_at), 'consent_updated', count(*)
  FROM raw.consent_records c
  WHERE c.received_at >= now() - make_interval(mins => least(greatest(p_minutes, 1), 240))
  GROUP BY 1
  ORDER BY 1, 2
$$;
REVOKE ALL ON FUNCTION raw.realtime_counts(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION raw.realtime_counts(integer) TO cbc_reader;
