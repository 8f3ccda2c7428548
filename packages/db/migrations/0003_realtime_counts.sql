-- Up Migration
-- The live panel needs the last hour, which dbt has not built yet. The reader role may not read
-- raw events, so it gets this function instead: counts per minute and type, no identifiers.
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
GRANT USAGE ON SCHEMA raw TO cbc_reader;
GRANT EXECUTE ON FUNCTION raw.realtime_counts(integer) TO cbc_reader;

-- Down Migration
DROP FUNCTION raw.realtime_counts(integer);
REVOKE USAGE ON SCHEMA raw FROM cbc_reader;
