-- One row per chat session; the SQL is macros/entities.sql's join_chat_sessions(), which the
-- incremental fct_chat_sessions applies to the guests it rebuilds.
{{ join_chat_sessions(ref('stg_events')) }}
