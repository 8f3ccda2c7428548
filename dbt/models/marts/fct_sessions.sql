{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='session_id',
    indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}],
) }}

-- One row per (identified) agent session. Incremental by guest, as a session can span days: a
-- run recomputes every session of the guests with an event received since its last build, from
-- all of their events (macros/touched_guests.sql).
with {{ touched_guests_ctes() }}

events as (
    select * from {{ ref('stg_events') }}
    where session_id is not null
      and {{ of_touched_guests() }}
),

sessions as (
    {{ aggregate_sessions('events') }}
)

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
from sessions
