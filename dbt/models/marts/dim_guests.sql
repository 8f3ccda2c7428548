{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='guest_key',
) }}

-- One row per identified guest (seen in at least one event with consent). Segment attributes are
-- those of the latest event; consent is the latest consent record, NULL when there is none.
-- Incremental by guest: a run recomputes the guests with an event or a consent record received
-- since its last build, from all of their events and records (macros/touched_guests.sql).
with {{ touched_guests_ctes(consent=true) }}

guest_events as (
    select * from {{ ref('stg_events') }}
    where guest_key is not null
      and {{ of_touched_guests() }}
),

latest_event as (
    select distinct on (guest_key) guest_key, guest_type, language, channel
    from guest_events
    order by guest_key, occurred_at desc, event_id desc
),

seen as (
    select guest_key, min(occurred_at) as first_seen_at, max(occurred_at) as last_seen_at
    from guest_events
    group by guest_key
),

latest_consent as (
    select distinct on (guest_key) guest_key, has_analytics_consent
    from {{ ref('stg_consent_records') }}
    where {{ of_touched_guests() }}
    order by guest_key, occurred_at desc, consent_event_id desc
)

select
    g.guest_key,
    g.guest_type,
    g.language,
    g.channel,
    s.first_seen_at,
    s.last_seen_at,
    c.has_analytics_consent
from latest_event as g
join seen as s using (guest_key)
left join latest_consent as c using (guest_key)
