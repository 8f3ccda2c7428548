{{ config(indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}]) }}

-- One row per (identified) agent session; rebuilt in full each run (a session can span days).
select
    session_id,
    guest_key,
    guest_type,
    channel,
    language,
    started_at,
    ended_at,
    activity_date,
    extract(epoch from ended_at - started_at) as duration_s,
    events,
    page_views,
    searches,
    had_chat,
    had_service_request
from {{ ref('int_sessions_aggregated') }}
