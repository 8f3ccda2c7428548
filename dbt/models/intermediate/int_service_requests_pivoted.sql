-- One row per service request: its lifecycle events pivoted into one timestamp per step.
-- acknowledged_at is the first 'acknowledged' or 'in_progress' (work started acknowledges it).
-- completed and cancelled are terminal: the first terminal status is the final one, whatever
-- a skewed clock says about later events; otherwise the latest status is.
-- Minimized requests carry no request_id and cannot be followed. Minutes are rounded to 0.01.
with request_events as (
    select * from {{ ref('stg_events') }}
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
