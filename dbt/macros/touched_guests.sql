{#- Which rows an incremental entity mart (fct_sessions, fct_chat_sessions,
    fct_service_requests, dim_guests; unique_key its id, strategy delete+insert) rebuilds.

    Sessions, chat sessions and requests are identified-only (minimized events carry none of
    their ids) and span days, so they are rebuilt by guest, not by day: a run recomputes every
    row of each guest who has an event received since this model was last built (the same
    rebuild_since() as the day marts: the start of its last successful run minus the overlap,
    so late events land), from all of that guest's events, read through raw.events' guest_id
    index; dim_guests also takes guests with a consent record received since. With
    var('reprocess_from'), every guest with an event on or after that local day too. A guest
    with no new event has exactly the events it had at the last build, so its rows stand.

    Erasure needs no rebuild here: the privacy role deletes the guest's rows from every mart at
    once, and the end-of-build reconciliation (macros/mart_lifecycle.sql) removes rows a build
    racing the erasure wrote back. Limit, by design: an id sent by two guests (never by the
    agent) is rebuilt from the touched guest's events only, until a --full-refresh.

    Usage:  with {{ touched_guests_ctes() }} events as (select ... where {{ of_touched_guests() }})
    Outside an incremental run the first emits nothing and the second `true`. -#}
{% macro touched_guests_ctes(consent=false) -%}
{%- set events = ref('stg_events') -%}
{%- if consent %}{% set consent_records = ref('stg_consent_records') %}{% endif -%}
{%- if is_incremental() -%}
touched_guests as (
    select guest_id
    from {{ events }}
    where guest_id is not null
      and (
          received_at >= coalesce({{ rebuild_since() }}, '-infinity')
          {%- if var('reprocess_from', none) %}
          or occurred_at >= {{ local_day_start("'" ~ var('reprocess_from') ~ "'") }}
          {%- endif %}
      )
    {%- if consent %}
    union
    select guest_id
    from {{ consent_records }}
    where received_at >= coalesce({{ rebuild_since() }}, '-infinity')
    {%- endif %}
),
{%- endif -%}
{%- endmacro %}

{% macro of_touched_guests(column='guest_id') -%}
{%- if is_incremental() -%}
{{ column }} in (select guest_id from touched_guests)
{%- else -%}
true
{%- endif -%}
{%- endmacro %}
