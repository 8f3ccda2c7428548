/** Page views, from the page-view mart. Parameters: README.md. */
export const measures = ['page_views'] as const;

/** The filters it honours, bound as $6, $7, $8 (and $9) in this order. */
export const filters = ['guest_type', 'channel', 'language', 'page'] as const;

export const sql = `
SELECT date_trunc($3::text, t.viewed_at, $5::text) AS bucket,
       CASE $4::text WHEN 'guest_type' THEN t.guest_type WHEN 'channel' THEN t.channel WHEN 'language' THEN t.language END AS segment_value,
       count(*) AS page_views,
       count(DISTINCT t.guest_key) AS guests
FROM marts.fct_page_views t
WHERE t.viewed_at >= $1 AND t.viewed_at < $2
  AND ($6::text IS NULL OR t.guest_type = $6) AND ($7::text IS NULL OR t.channel = $7) AND ($8::text IS NULL OR t.language = $8)
  AND ($9::text IS NULL OR t.path = $9)
GROUP BY 1, 2
ORDER BY 1, 2`;
