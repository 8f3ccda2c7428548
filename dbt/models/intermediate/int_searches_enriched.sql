-- One row per search, with the query normalized for grouping (lower case, trimmed, inner runs of
-- whitespace collapsed; redaction placeholders keep their case). The text was redacted at
-- ingest; minimized searches have none.
select
    event_id,
    occurred_at as searched_at,
    activity_date,
    received_at,
    guest_key,
    session_id,
    guest_type,
    channel,
    language,
    {{ normalize_query('query') }} as query_text,
    results_count,
    results_count = 0 as is_zero_result,
    category
from {{ ref('stg_events') }}
where event_type = 'search'
