/** Search volume and zero-result searches, from the search mart. Parameters: README.md. */
export const measures = ['searches', 'zero_result_searches'] as const;

/** The filters it honours, bound as $6, $7, $8 (and $9) in this order. */
export const filters = ['guest_type', 'channel', 'language', 'query'] as const;

export const sql = `
SELECT date_trunc($3::text, t.searched_at, $5::text) AS bucket,
       CASE $4::text WHEN 'guest_type' THEN t.guest_type WHEN 'channel' THEN t.channel WHEN 'language' THEN t.language END AS segment_value,
       count(*) AS searches,
       count(*) FILTER (WHERE t.is_zero_result) AS zero_result_searches,
       count(DISTINCT t.guest_key) AS guests
FROM marts.fct_searches t
WHERE t.searched_at >= $1 AND t.searched_at < $2
  AND ($6::text IS NULL OR t.guest_type = $6) AND ($7::text IS NULL OR t.channel = $7) AND ($8::text IS NULL OR t.language = $8)
  AND ($9::text IS NULL OR t.query_text = $9)
GROUP BY 1, 2
ORDER BY 1, 2`;
