/**
 * Overview: guests, sessions, chats, service requests, search success and FAQ deflection, from
 * the hourly activity mart. Distinct guests come from the guest-day mart (exact for day, week
 * and month buckets); hour buckets take the hourly mart's per-row maximum, a lower bound, so
 * suppression errs on the safe side. Parameters: README.md.
 */
export const measures = [
  'events', 'sessions', 'page_views', 'searches', 'zero_result_searches', 'faq_views', 'faq_deflected', 'chats', 'service_requests',
] as const;

export const sql = `
WITH cells AS (
  SELECT date_trunc($3::text, t.activity_hour) AS bucket,
         CASE $4::text WHEN 'guest_type' THEN t.guest_type WHEN 'channel' THEN t.channel WHEN 'language' THEN t.language END AS segment_value,
         coalesce(sum(t.events), 0)               AS events,
         coalesce(sum(t.sessions), 0)             AS sessions,
         coalesce(sum(t.page_views), 0)           AS page_views,
         coalesce(sum(t.searches), 0)             AS searches,
         coalesce(sum(t.zero_result_searches), 0) AS zero_result_searches,
         coalesce(sum(t.faq_views), 0)            AS faq_views,
         coalesce(sum(t.faq_deflected), 0)        AS faq_deflected,
         coalesce(sum(t.chat_sessions), 0)        AS chats,
         coalesce(sum(t.service_requests), 0)     AS service_requests,
         max(t.guests)                            AS max_guests
  FROM marts.fct_hourly_activity t
  WHERE t.activity_hour >= $1 AND t.activity_hour < $2
  GROUP BY 1, 2
), guests AS (
  SELECT date_trunc($3::text, g.activity_date::timestamptz) AS bucket,
         CASE $4::text WHEN 'guest_type' THEN g.guest_type WHEN 'channel' THEN g.channel WHEN 'language' THEN g.language END AS segment_value,
         count(DISTINCT g.guest_key) AS guests
  FROM marts.fct_guest_daily g
  WHERE g.activity_date >= $1::date AND g.activity_date <= ($2::timestamptz - interval '1 microsecond')::date
  GROUP BY 1, 2
)
SELECT c.bucket, c.segment_value, c.events, c.sessions, c.page_views, c.searches, c.zero_result_searches,
       c.faq_views, c.faq_deflected, c.chats, c.service_requests,
       CASE WHEN $3::text = 'hour' THEN c.max_guests ELSE coalesce(g.guests, 0) END AS guests
FROM cells c
LEFT JOIN guests g ON g.bucket IS NOT DISTINCT FROM c.bucket AND g.segment_value IS NOT DISTINCT FROM c.segment_value
ORDER BY 1, 2`;
