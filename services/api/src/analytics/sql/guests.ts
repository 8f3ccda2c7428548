/**
 * Active guests, as guest-days, from the guest-day mart. Its time column is a date: the window
 * covers every day that [from, to) touches. Parameters: README.md.
 */
export const measures = ['guest_days', 'events'] as const;

export const sql = `
SELECT date_trunc($3::text, t.activity_date::timestamptz) AS bucket,
       CASE $4::text WHEN 'guest_type' THEN t.guest_type WHEN 'channel' THEN t.channel WHEN 'language' THEN t.language END AS segment_value,
       count(*) AS guest_days,
       coalesce(sum(t.events), 0) AS events,
       count(DISTINCT t.guest_key) AS guests
FROM marts.fct_guest_daily t
WHERE t.activity_date >= $1::date AND t.activity_date <= ($2::timestamptz - interval '1 microsecond')::date
GROUP BY 1, 2
ORDER BY 1, 2`;
