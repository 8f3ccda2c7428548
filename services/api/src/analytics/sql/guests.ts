/**
 * Active guests, from the guest-hour mart: distinct guests, guest-days (each guest counted once
 * per local day, in the reporting zone, they were active in the window) and their events, per
 * hour, day, week or month. The local day is taken from the hour here rather than from the mart's
 * activity_date, so it is always the API's zone. Windows are whole UTC hours (window.ts), so the
 * count is exact. Parameters: README.md.
 */
export const measures = ['guest_days', 'events'] as const;

/** The filters it honours, bound as $6, $7, $8 (and $9) in this order. */
export const filters = ['guest_type', 'channel', 'language'] as const;

export const sql = `
SELECT date_trunc($3::text, t.activity_hour, $5::text) AS bucket,
       CASE $4::text WHEN 'guest_type' THEN t.guest_type WHEN 'channel' THEN t.channel WHEN 'language' THEN t.language END AS segment_value,
       count(DISTINCT (t.guest_key, (t.activity_hour AT TIME ZONE $5::text)::date)) AS guest_days,
       coalesce(sum(t.events), 0) AS events,
       count(DISTINCT t.guest_key) AS guests
FROM marts.fct_guest_hourly t
WHERE t.activity_hour >= $1 AND t.activity_hour < $2
  AND ($6::text IS NULL OR t.guest_type = $6) AND ($7::text IS NULL OR t.channel = $7) AND ($8::text IS NULL OR t.language = $8)
GROUP BY 1, 2
ORDER BY 1, 2`;
