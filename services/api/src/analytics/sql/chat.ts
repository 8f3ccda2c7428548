/** Chat sessions, their outcomes and CSAT, from the chat-session mart. Parameters: README.md. */
export const measures = ['chat_sessions', 'resolved', 'handoff', 'service_request', 'abandoned', 'open', 'csat_responses', 'csat_sum'] as const;

/** The filters it honours, bound as $6, $7, $8 (and $9) in this order. */
export const filters = ['guest_type', 'channel', 'language'] as const;

export const sql = `
SELECT date_trunc($3::text, t.started_at, $5::text) AS bucket,
       CASE $4::text WHEN 'guest_type' THEN t.guest_type WHEN 'channel' THEN t.channel WHEN 'language' THEN t.language END AS segment_value,
       count(*) AS chat_sessions,
       count(*) FILTER (WHERE t.outcome = 'resolved') AS resolved,
       count(*) FILTER (WHERE t.outcome = 'handoff') AS handoff,
       count(*) FILTER (WHERE t.outcome = 'service_request') AS service_request,
       count(*) FILTER (WHERE t.outcome = 'abandoned') AS abandoned,
       count(*) FILTER (WHERE t.outcome IS NULL) AS open,
       count(t.csat) AS csat_responses,
       coalesce(sum(t.csat), 0) AS csat_sum,
       count(DISTINCT t.guest_key) AS guests
FROM marts.fct_chat_sessions t
WHERE t.started_at >= $1 AND t.started_at < $2
  AND ($6::text IS NULL OR t.guest_type = $6) AND ($7::text IS NULL OR t.channel = $7) AND ($8::text IS NULL OR t.language = $8)
GROUP BY 1, 2
ORDER BY 1, 2`;
