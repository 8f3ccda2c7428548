-- One row per consent change.
with source as (
    select * from {{ source('raw', 'consent_records') }}
)

select
    event_id as consent_event_id,
    guest_id,
    md5(guest_id) as guest_key,
    analytics as has_analytics_consent,
    marketing as has_marketing_consent,
    policy_version,
    occurred_at,
    received_at,
    guest_type,
    channel,
    language,
    source as ingest_source
from source
