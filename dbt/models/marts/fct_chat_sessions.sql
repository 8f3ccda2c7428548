{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='chat_session_id',
    indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}],
) }}

-- One row per (identified) chat session. Incremental by guest, as an open session changes with
-- its later events: a run recomputes every chat session of the guests with an event received
-- since its last build, from all of their events (macros/touched_guests.sql).
with {{ touched_guests_ctes() }}

events as (
    select * from {{ ref('stg_events') }}
    where chat_session_id is not null
      and {{ of_touched_guests() }}
),

chats as (
    {{ join_chat_sessions('events') }}
)

select
    chat_session_id,
    started_at,
    ended_at,
    {{ local_date('started_at') }} as activity_date,
    outcome,
    duration_s,
    messages,
    csat,
    -- False, not NULL, while the session is open: it is not resolved (yet).
    coalesce(outcome = 'resolved', false) as is_resolved,
    coalesce(outcome = 'handoff', false) as is_handoff,
    guest_key,
    guest_type,
    channel,
    language
from chats
