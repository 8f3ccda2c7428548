-- One row per agent session (identified events only: minimized events carry no session id).
-- A session's guest and dimensions are those of its first event.
with session_events as (
    select * from {{ ref('stg_events') }}
    where session_id is not null
)

select
    session_id,
    (array_agg(guest_key order by occurred_at, event_id))[1] as guest_key,
    (array_agg(guest_type order by occurred_at, event_id))[1] as guest_type,
    (array_agg(channel order by occurred_at, event_id))[1] as channel,
    (array_agg(language order by occurred_at, event_id))[1] as language,
    min(occurred_at) as started_at,
    max(occurred_at) as ended_at,
    {{ local_date('min(occurred_at)') }} as activity_date,
    count(*) as events,
    count(*) filter (where event_type = 'page_view') as page_views,
    count(*) filter (where event_type = 'search') as searches,
    count(*) filter (where event_type = 'faq_view') as faq_views,
    coalesce(bool_or(event_type in ('chat_session_started', 'chat_message', 'chat_session_ended')), false) as had_chat,
    coalesce(bool_or(event_type = 'service_request'), false) as had_service_request
from session_events
group by session_id
