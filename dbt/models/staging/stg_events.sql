-- One row per raw event: renamed and cast, properties unpacked into typed columns per event type
-- (the property names are unique across types, so no type check is needed to extract them).
with source as (
    select * from {{ source('raw', 'events') }}
)

select
    event_id,
    event_type,
    retention_class,
    occurred_at,
    received_at,
    {{ local_date('occurred_at') }} as activity_date,
    guest_id,
    -- The pseudonymous key every mart uses instead of guest_id.
    md5(guest_id) as guest_key,
    session_id,
    guest_type,
    channel,
    language,
    minimized,
    ip_network,
    ip_hash,
    device_class,
    source as ingest_source,
    properties,
    -- page_view
    properties ->> 'path' as path,
    properties ->> 'title' as title,
    properties ->> 'referrer' as referrer,
    -- search
    properties ->> 'query' as query,
    (properties ->> 'results_count')::integer as results_count,
    properties ->> 'category' as category,
    -- faq_view
    properties ->> 'faq_id' as faq_id,
    properties ->> 'source' as faq_source,
    -- chat_session_started / chat_message / chat_session_ended
    properties ->> 'chat_session_id' as chat_session_id,
    properties ->> 'entry_point' as entry_point,
    properties ->> 'role' as message_role,
    properties ->> 'text' as message_text,
    properties ->> 'intent' as intent,
    properties ->> 'outcome' as outcome,
    (properties ->> 'duration_s')::numeric as duration_s,
    (properties ->> 'csat')::integer as csat,
    -- service_request
    properties ->> 'request_id' as request_id,
    properties ->> 'service_type' as service_type,
    properties ->> 'status' as service_status,
    properties ->> 'notes' as notes,
    -- feedback
    (properties ->> 'rating')::integer as rating,
    properties ->> 'comment' as feedback_comment
from source
