{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='activity_date',
    indexes=[{'columns': ['activity_date']}],
) }}

-- Activity per UTC day and segment, minimized events included (they are counted, anonymously).
-- Incremental: see macros/incremental.sql for which days a run rebuilds, always whole.
with {{ rebuild_window_ctes(lookback_days=1) }}

events as (
    select * from {{ ref('stg_events') }}
    where {{ in_rebuild_window('activity_date', 'occurred_at') }}
)

select
    activity_date,
    guest_type,
    channel,
    language,
    count(*) as events,
    count(*) filter (where event_type = 'page_view') as page_views,
    count(*) filter (where event_type = 'search') as searches,
    count(*) filter (where event_type = 'search' and results_count = 0) as zero_result_searches,
    count(*) filter (where event_type = 'faq_view') as faq_views,
    count(*) filter (where event_type = 'chat_session_started') as chat_sessions,
    count(*) filter (where event_type = 'chat_message') as chat_messages,
    count(*) filter (where event_type = 'service_request' and service_status = 'created') as service_requests,
    count(*) filter (where event_type = 'feedback') as feedback_count,
    count(distinct guest_key) as guests
from events
group by activity_date, guest_type, channel, language
