{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='activity_date',
    indexes=[{'columns': ['activity_hour']}, {'columns': ['activity_date']}],
) }}

-- The Overview's source: activity per UTC hour and segment, so every window (24 h to 12 months)
-- and its KPIs are sums over a table whose size grows with hours × segments, not with events.
-- `guests` is distinct guests in the cell (not additive: the metrics API counts distinct guests
-- over a window from fct_guest_hourly). FAQ deflection comes from the followed views (a view
-- late in a day is settled by the next day's events, hence lookback 2 and spill 1, as in
-- fct_faq_views); sessions are counted in the hour they started.
with {{ rebuild_window_ctes(lookback_days=2, spill_days=1) }}

events as (
    select * from {{ ref('stg_events') }}
    where {{ in_rebuild_window('activity_date', 'occurred_at') }}
),

faq_views as (
    select * from {{ ref('int_faq_views_followed') }}
    where {{ in_rebuild_window('activity_date', 'viewed_at') }}
),

sessions as (
    select * from {{ ref('fct_sessions') }}
    where {{ in_rebuild_window('activity_date', 'started_at') }}
),

measures as (
    select
        date_trunc('hour', occurred_at at time zone 'UTC') at time zone 'UTC' as activity_hour,
        activity_date, guest_type, channel, language, guest_key,
        1 as events,
        (event_type = 'page_view')::int as page_views,
        (event_type = 'search')::int as searches,
        (event_type = 'search' and results_count = 0)::int as zero_result_searches,
        (event_type = 'faq_view')::int as faq_views,
        (event_type = 'chat_session_started')::int as chat_sessions,
        (event_type = 'service_request' and service_status = 'created')::int as service_requests,
        (event_type = 'feedback')::int as feedback_count,
        0 as faq_followed_views,
        0 as faq_deflected,
        0 as sessions
    from events
    union all
    select
        date_trunc('hour', viewed_at at time zone 'UTC') at time zone 'UTC',
        activity_date, guest_type, channel, language, null,
        0, 0, 0, 0, 0, 0, 0, 0,
        -- Minimized views have no guest to follow: NULL, in neither count.
        (is_deflected is not null)::int as faq_followed_views,
        (is_deflected is true)::int as faq_deflected,
        0
    from (select *, not followed_by_escalation as is_deflected from faq_views) f
    union all
    select
        date_trunc('hour', started_at at time zone 'UTC') at time zone 'UTC',
        activity_date, guest_type, channel, language, null,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1 as sessions
    from sessions
)

select
    activity_hour,
    activity_date,
    guest_type,
    channel,
    language,
    sum(events)::bigint as events,
    sum(sessions)::bigint as sessions,
    sum(page_views)::bigint as page_views,
    sum(searches)::bigint as searches,
    sum(zero_result_searches)::bigint as zero_result_searches,
    sum(faq_views)::bigint as faq_views,
    sum(faq_followed_views)::bigint as faq_followed_views,
    sum(faq_deflected)::bigint as faq_deflected,
    sum(chat_sessions)::bigint as chat_sessions,
    sum(service_requests)::bigint as service_requests,
    sum(feedback_count)::bigint as feedback_count,
    count(distinct guest_key) as guests
from measures
group by activity_hour, activity_date, guest_type, channel, language
