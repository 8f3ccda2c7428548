{{ config(indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}]) }}

-- One row per (identified) service request with its SLA judgement; rebuilt in full each run,
-- because an open request's breach depends on the time of the run.
--
-- Each target's clock runs from created_at until the step happens, or until the request ends
-- without it (completed or cancelled), or, still open, until as_of() (the run's start). A target
-- is breached when its clock exceeds it: late steps, requests closed without the step after the
-- target had passed, and open requests already past it. A request closed before its target
-- without the step is not breached.
with requests as (
    select * from {{ ref('int_service_requests_pivoted') }}
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
