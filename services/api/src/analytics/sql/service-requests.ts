/**
 * Service requests: completion, cancellation, SLA breaches and time-to-acknowledge/complete
 * percentiles, from the service-request mart. The only metric also segmented by service type.
 * Parameters: README.md.
 */
export const measures = [
  'requests', 'completed', 'cancelled', 'ack_breached', 'complete_breached', 'breached',
  'ack_p50_minutes', 'ack_p90_minutes', 'complete_p50_minutes', 'complete_p90_minutes',
] as const;

/** The filters it honours, bound as $6, $7, $8 (and $9) in this order. */
export const filters = ['guest_type', 'channel', 'language', 'service_type'] as const;

export const sql = `
SELECT date_trunc($3::text, t.created_at, $5::text) AS bucket,
       CASE $4::text WHEN 'guest_type' THEN t.guest_type WHEN 'channel' THEN t.channel WHEN 'language' THEN t.language
                     WHEN 'service_type' THEN t.service_type END AS segment_value,
       count(*) AS requests,
       count(t.completed_at) AS completed,
       count(t.cancelled_at) AS cancelled,
       count(*) FILTER (WHERE t.ack_breached) AS ack_breached,
       count(*) FILTER (WHERE t.complete_breached) AS complete_breached,
       count(*) FILTER (WHERE t.ack_breached OR t.complete_breached) AS breached,
       coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.minutes_to_acknowledge), 0) AS ack_p50_minutes,
       coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY t.minutes_to_acknowledge), 0) AS ack_p90_minutes,
       coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.minutes_to_complete), 0) AS complete_p50_minutes,
       coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY t.minutes_to_complete), 0) AS complete_p90_minutes,
       count(DISTINCT t.guest_key) AS guests
FROM marts.fct_service_requests t
WHERE t.created_at >= $1 AND t.created_at < $2
  AND ($6::text IS NULL OR t.guest_type = $6) AND ($7::text IS NULL OR t.channel = $7) AND ($8::text IS NULL OR t.language = $8)
  AND ($9::text IS NULL OR t.service_type = $9)
GROUP BY 1, 2
ORDER BY 1, 2`;
