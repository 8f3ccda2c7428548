/**
 * Overview: guests, sessions, chats, service requests, search success and FAQ deflection, from
 * the hourly activity mart. Windows are whole UTC hours (window.ts), so every hour row is wholly
 * in or out. Distinct guests are not additive across hour rows: they are counted per cell from
 * the guest-hour mart, exact for every bucket. Parameters: README.md.
 */
export const measures = [
  'events', 'sessions', 'page_views', 'searches', 'zero_result_searches', 'faq_views', 'faq_followed_views', 'faq_deflected', 'chats',
  'service_requests',
] as const;

/** The filters it honours, bound as $6, $7, $8 in this order. */
export const filters = ['guest_type', 'channel', 'language'] as const;

export const sql = `
WITH cells AS (
  SELECT date_trunc($3::text, t.activity_hour, $5::text) AS bucket,
         CASE $4::text WHEN 'guest_type' THEN t.guest_type WHEN 'channel' THEN t.channel WHEN 'language' THEN t.language END AS segment_value,
         coalesce(sum(t.events), 0)               AS events,
         coalesce(sum(t.sessions), 0)             AS sessions,
         coalesce(sum(t.page_views), 0)           AS page_views,
         coalesce(sum(t.searches), 0)             AS searches,
         coalesce(sum(t.zero_result_searches), 0) AS zero_result_searches,
         coalesce(sum(t.faq_views), 0)            AS faq_views,
         coalesce(sum(t.faq_followed_views), 0)   AS faq_followed_views,
         coalesce(sum(t.faq_deflected), 0)        AS faq_deflected,
         coalesce(sum(t.chat_sessions), 0)        AS chats,
         coalesce(sum(t.service_requests), 0)     AS service_requests
  FROM marts.fct_hourly_activity t
  WHERE t.activity_hour >= $1 AND t.activity_hour < $2
    AND ($6::text IS NULL OR t.guest_type = $6) AND ($7::text IS NULL OR t.channel = $7) AND ($8::text IS NULL OR t.language = $8)
  GROUP BY 1, 2
), guests AS (
  SELECT date_trunc($3::text, g.activity_hour, $5::text) AS bucket,
         CASE $4::text WHEN 'guest_type' THEN g.guest_type WHEN 'channel' THEN g.channel WHEN 'language' THEN g.language END AS segment_value,
         count(DISTINCT g.guest_key) AS guests
  FROM marts.fct_guest_hourly g
  WHERE g.activity_hour >= $1 AND g.activity_hour < $2
    AND ($6::text IS NULL OR g.guest_type = $6) AND ($7::text IS NULL OR g.channel = $7) AND ($8::text IS NULL OR g.language = $8)
  GROUP BY 1, 2
)
SELECT c.bucket, c.segment_value, c.events, c.sessions, c.page_views, c.searches, c.zero_result_searches,
       c.faq_views, c.faq_followed_views, c.faq_deflected, c.chats, c.service_requests,
       coalesce(g.guests, 0) AS guests
FROM cells c
LEFT JOIN guests g ON g.bucket IS NOT DISTINCT FROM c.bucket AND g.segment_value IS NOT DISTINCT FROM c.segment_value
ORDER BY 1, 2`;
