{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='activity_date',
    indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}],
) }}

-- One row per search, query normalized (and redacted at ingest).
with {{ rebuild_window_ctes(lookback_days=1) }}

searches as (
    select * from {{ ref('int_searches_enriched') }}
    where {{ in_rebuild_window('activity_date', 'searched_at') }}
)

select
    event_id,
    searched_at,
    activity_date,
    query_text,
    results_count,
    is_zero_result,
    category,
    guest_key,
    guest_type,
    channel,
    language
from searches
