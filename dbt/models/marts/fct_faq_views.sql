{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='activity_date',
    indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}],
) }}

-- One row per FAQ view with its escalation outcome. A view late in a day is escalated (or not)
-- by events of the next day: the run rebuilds the last two built days, and the day before any
-- day that received late events (spill_days=1).
with {{ rebuild_window_ctes(lookback_days=2, spill_days=1) }}

faq_views as (
    select * from {{ ref('int_faq_views_followed') }}
    where {{ in_rebuild_window('activity_date', 'viewed_at') }}
)

select
    event_id,
    viewed_at,
    activity_date,
    faq_id,
    faq_source as source,
    followed_by_escalation,
    not followed_by_escalation as is_deflected,
    guest_key,
    guest_type,
    channel,
    language
from faq_views
