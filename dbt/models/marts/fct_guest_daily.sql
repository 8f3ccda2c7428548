{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='activity_date',
    indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}],
) }}

-- One row per identified guest and UTC day; the metrics API counts distinct guests over any
-- window from here. A guest's segment for the day is the one of their latest event that day.
with {{ rebuild_window_ctes(lookback_days=1) }}

events as (
    select * from {{ ref('stg_events') }}
    where guest_key is not null
      and {{ in_rebuild_window('activity_date', 'occurred_at') }}
)

select
    activity_date,
    guest_key,
    (array_agg(guest_type order by occurred_at desc, event_id desc))[1] as guest_type,
    (array_agg(channel order by occurred_at desc, event_id desc))[1] as channel,
    (array_agg(language order by occurred_at desc, event_id desc))[1] as language,
    count(*) as events,
    count(*) filter (where event_type = 'page_view') as page_views,
    count(*) filter (where event_type = 'search') as searches,
    count(*) filter (where event_type = 'search' and results_count = 0) as zero_result_searches,
    count(*) filter (where event_type = 'faq_view') as faq_views,
    count(*) filter (where event_type = 'chat_session_started') as chat_sessions,
    count(*) filter (where event_type = 'service_request' and service_status = 'created') as service_requests
from events
group by activity_date, guest_key
