{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='activity_date',
    indexes=[{'columns': ['activity_date']}, {'columns': ['guest_key']}],
) }}

-- One row per page view. The path loses its query string and fragment: identified events keep
-- a redacted query string in raw, but a mart groups by route.
with {{ rebuild_window_ctes(lookback_days=1) }}

page_views as (
    select * from {{ ref('stg_events') }}
    where event_type = 'page_view'
      and {{ in_rebuild_window('activity_date', 'occurred_at') }}
)

select
    event_id,
    occurred_at as viewed_at,
    activity_date,
    regexp_replace(path, '[?#].*$', '') as path,
    guest_key,
    guest_type,
    channel,
    language
from page_views
