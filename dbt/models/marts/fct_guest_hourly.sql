{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='activity_date',
    indexes=[{'columns': ['activity_hour']}, {'columns': ['guest_key']}],
) }}

-- One row per identified guest, UTC hour and segment the guest was active in: the metrics API
-- counts distinct guests of any whole-hour window, bucket and segment value from here, exactly
-- (distinct counts do not add up across rows, so no coarser mart can answer them). A guest whose
-- segment changes within an hour has a row per segment, so every segment cell counts exactly
-- the guests behind its events.
with {{ rebuild_window_ctes(lookback_days=1) }}

events as (
    select * from {{ ref('stg_events') }}
    where guest_key is not null
      and {{ in_rebuild_window('activity_date', 'occurred_at') }}
)

select
    date_trunc('hour', occurred_at at time zone 'UTC') at time zone 'UTC' as activity_hour,
    activity_date,
    guest_key,
    guest_type,
    channel,
    language,
    count(*) as events
from events
group by 1, activity_date, guest_key, guest_type, channel, language
