-- One row per chat session: its start, messages and end joined on chat_session_id. Minimized
-- chat events have no chat_session_id (it links a person's conversation) and cannot be joined.
-- A session whose start event is missing (lost, or pruned) starts at its first event.
with chat_events as (
    select * from {{ ref('stg_events') }}
    where chat_session_id is not null
      and event_type in ('chat_session_started', 'chat_message', 'chat_session_ended')
),

first_events as (
    select distinct on (chat_session_id)
        chat_session_id, occurred_at, guest_key, guest_type, channel, language
    from chat_events
    order by chat_session_id, (event_type = 'chat_session_started') desc, occurred_at, event_id
),

starts as (
    select chat_session_id, min(occurred_at) as started_at, min(entry_point) as entry_point
    from chat_events
    where event_type = 'chat_session_started'
    group by chat_session_id
),

-- The last end event decides, should a session be ended twice.
ends as (
    select distinct on (chat_session_id)
        chat_session_id, occurred_at as ended_at, outcome, duration_s as reported_duration_s, csat
    from chat_events
    where event_type = 'chat_session_ended'
    order by chat_session_id, occurred_at desc, event_id desc
),

messages as (
    select chat_session_id, count(*) as messages
    from chat_events
    where event_type = 'chat_message'
    group by chat_session_id
)

select
    f.chat_session_id,
    coalesce(s.started_at, f.occurred_at) as started_at,
    s.started_at is not null as has_start_event,
    s.entry_point,
    e.ended_at,
    e.outcome,
    coalesce(
        e.reported_duration_s,
        extract(epoch from e.ended_at - coalesce(s.started_at, f.occurred_at))
    ) as duration_s,
    coalesce(m.messages, 0) as messages,
    e.csat,
    f.guest_key,
    f.guest_type,
    f.channel,
    f.language
from first_events as f
left join starts as s using (chat_session_id)
left join ends as e using (chat_session_id)
left join messages as m using (chat_session_id)
