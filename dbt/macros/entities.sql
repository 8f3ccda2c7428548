{#- The logic of the entity models, written once: the intermediate views apply it to every
    event, the incremental entity marts to the events of the guests a run touches
    (macros/touched_guests.sql). A filter on guest_id cannot reach raw.events through the views'
    GROUP BY (PostgreSQL pushes down only conditions on the grouping columns), so the marts
    filter the events first and then apply the same SQL. `events`: a relation or CTE with
    stg_events' columns. -#}

{#- One row per agent session (identified events only: minimized events carry no session id).
    A session's guest and dimensions are those of its first event. -#}
{% macro aggregate_sessions(events) -%}
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
from {{ events }}
where session_id is not null
group by session_id
{%- endmacro %}

{#- One row per chat session: its start, messages and end joined on chat_session_id. Minimized
    chat events have no chat_session_id (it links a person's conversation) and cannot be joined.
    A session whose start event is missing (lost, or pruned) starts at its first event. -#}
{% macro join_chat_sessions(events) -%}
with chat_events as (
    select * from {{ events }}
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
{%- endmacro %}

{#- One row per service request: its lifecycle events pivoted into one timestamp per step.
    acknowledged_at is the first 'acknowledged' or 'in_progress' (work started acknowledges it).
    completed and cancelled are terminal: the first terminal status is the final one, whatever
    a skewed clock says about later events; otherwise the latest status is.
    Minimized requests carry no request_id and cannot be followed. Minutes are rounded to 0.01. -#}
{% macro pivot_service_requests(events) -%}
with request_events as (
    select * from {{ events }}
    where event_type = 'service_request' and request_id is not null
),

pivoted as (
    select
        request_id,
        min(occurred_at) filter (where service_status = 'created') as created_event_at,
        min(occurred_at) as first_event_at,
        min(occurred_at) filter (where service_status in ('acknowledged', 'in_progress')) as acknowledged_at,
        min(occurred_at) filter (where service_status = 'completed') as completed_at,
        min(occurred_at) filter (where service_status = 'cancelled') as cancelled_at,
        (array_agg(service_status order by occurred_at, event_id)
            filter (where service_status in ('completed', 'cancelled')))[1] as terminal_status,
        (array_agg(service_status order by occurred_at desc,
            array_position(array['created', 'acknowledged', 'in_progress'], service_status) desc))[1] as latest_status,
        -- The creating event describes the request; any event stands in when it is missing.
        (array_agg(service_type order by (service_status = 'created') desc, occurred_at, event_id))[1] as service_type,
        (array_agg(guest_key order by (service_status = 'created') desc, occurred_at, event_id))[1] as guest_key,
        (array_agg(guest_type order by (service_status = 'created') desc, occurred_at, event_id))[1] as guest_type,
        (array_agg(channel order by (service_status = 'created') desc, occurred_at, event_id))[1] as channel,
        (array_agg(language order by (service_status = 'created') desc, occurred_at, event_id))[1] as language,
        count(*) as status_events
    from request_events
    group by request_id
)

select
    request_id,
    service_type,
    coalesce(created_event_at, first_event_at) as created_at,
    created_event_at is not null as has_created_event,
    acknowledged_at,
    completed_at,
    cancelled_at,
    coalesce(terminal_status, latest_status) as final_status,
    round(extract(epoch from acknowledged_at - coalesce(created_event_at, first_event_at)) / 60, 2) as minutes_to_acknowledge,
    round(extract(epoch from completed_at - coalesce(created_event_at, first_event_at)) / 60, 2) as minutes_to_complete,
    round(extract(epoch from cancelled_at - coalesce(created_event_at, first_event_at)) / 60, 2) as minutes_to_cancel,
    status_events,
    guest_key,
    guest_type,
    channel,
    language
from pivoted
{%- endmacro %}
