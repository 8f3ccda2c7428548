-- One row per service request; the SQL is macros/entities.sql's pivot_service_requests(), which
-- the incremental fct_service_requests applies to the guests it rebuilds.
{{ pivot_service_requests(ref('stg_events')) }}
