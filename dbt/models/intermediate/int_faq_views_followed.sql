-- One row per FAQ view, with whether the same guest escalated within the window after it: a chat
-- that ended in a handoff, or a newly created service request, at most
-- var('escalation_window_minutes') (30) later, both ends inclusive. A view without escalation
-- counts as deflected. Minimized views have no guest to follow: NULL, neither escalated nor
-- deflected, so they stay out of deflection rates instead of inflating them.
with faq_views as (
    select * from {{ ref('stg_events') }}
    where event_type = 'faq_view'
),

escalations as (
    select guest_id, occurred_at
    from {{ ref('stg_events') }}
    where guest_id is not null
      and (
          (event_type = 'chat_session_ended' and outcome = 'handoff')
          or (event_type = 'service_request' and service_status = 'created')
      )
)

select
    v.event_id,
    v.occurred_at as viewed_at,
    v.activity_date,
    v.received_at,
    v.faq_id,
    v.faq_source,
    v.guest_key,
    v.session_id,
    v.guest_type,
    v.channel,
    v.language,
    case
        when v.guest_id is null then null
        -- Matched on guest_id, not guest_key: raw.events has an index on it.
        else exists (
            select 1
            from escalations as e
            where e.guest_id = v.guest_id
              and e.occurred_at >= v.occurred_at
              and e.occurred_at <= v.occurred_at + interval '{{ var("escalation_window_minutes") }} minutes'
        )
    end as followed_by_escalation
from faq_views as v
