{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='request_id',
    indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}],
) }}

-- One row per (identified) service request with its SLA judgement. Incremental by guest: a run
-- recomputes every request of the guests with an event received since its last build, from all
-- of their events (macros/touched_guests.sql), and judges again every other request still open,
-- from its own row, because an open request's breach depends on the time of the run.
--
-- Each target's clock runs from created_at until the step happens, or until the request ends
-- without it (completed or cancelled), or, still open, until as_of() (the run's start). A target
-- is breached when its clock exceeds it: late steps, requests closed without the step after the
-- target had passed, and open requests already past it. A request closed before its target
-- without the step is not breached.
with {{ touched_guests_ctes() }}

events as (
    select * from {{ ref('stg_events') }}
    where event_type = 'service_request'
      and {{ of_touched_guests() }}
),

pivoted as (
    {{ pivot_service_requests('events') }}
),

requests as (
    select request_id, service_type, created_at, acknowledged_at, completed_at, cancelled_at,
           final_status, minutes_to_acknowledge, minutes_to_complete, guest_key, guest_type, channel, language
    from pivoted
    {%- if is_incremental() %}
    union all
    -- Still open, no new event: the same row, judged again at this run's as_of() below.
    select request_id, service_type, created_at, acknowledged_at, completed_at, cancelled_at,
           final_status, minutes_to_acknowledge, minutes_to_complete, guest_key, guest_type, channel, language
    from {{ this }}
    where completed_at is null and cancelled_at is null
      and request_id not in (select request_id from pivoted)
    {%- endif %}
),

sla as (
    select * from {{ ref('service_sla') }}
),

clocks as (
    select
        r.*,
        s.sla_ack_minutes,
        s.sla_complete_minutes,
        extract(epoch from coalesce(r.acknowledged_at, least(r.completed_at, r.cancelled_at), {{ as_of() }})
            - r.created_at) / 60 as ack_clock_minutes,
        extract(epoch from coalesce(r.completed_at, r.cancelled_at, {{ as_of() }})
            - r.created_at) / 60 as complete_clock_minutes
    from requests as r
    left join sla as s using (service_type)
)

select
    request_id,
    service_type,
    created_at,
    acknowledged_at,
    completed_at,
    cancelled_at,
    final_status,
    {{ local_date('created_at') }} as activity_date,
    minutes_to_acknowledge,
    minutes_to_complete,
    sla_ack_minutes,
    sla_complete_minutes,
    ack_clock_minutes > sla_ack_minutes as ack_breached,
    complete_clock_minutes > sla_complete_minutes as complete_breached,
    guest_key,
    guest_type,
    channel,
    language
from clocks
