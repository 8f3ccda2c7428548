-- One row per agent session; the SQL is macros/entities.sql's aggregate_sessions(), which the
-- incremental fct_sessions applies to the guests it rebuilds.
{{ aggregate_sessions(ref('stg_events')) }}
