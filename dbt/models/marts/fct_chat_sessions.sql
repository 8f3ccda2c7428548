{{ config(indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}]) }}

-- One row per (identified) chat session; rebuilt in full each run, as open sessions change.
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
from {{ ref('int_chat_sessions_joined') }}
