{#- Which days an incremental mart rebuilds (strategy delete+insert keyed by activity_date).

    Days are local dates in var('reporting_time_zone') (macros/local_date.sql).
    A run rebuilds, whole, every day that
      1. is at or after the newest day already built minus `lookback_days` (the current, still
         filling day and its neighbours), or
      2. holds an event received since this model was last built (late events, backfills through
         the API): "since" is the start of the last recorded run in which this model succeeded
         (ops.job_runs.details.models_succeeded), minus var('received_at_overlap_minutes') so a
         row committed while that run was reading is not skipped; with no such run, every day;
         `spill_days` also rebuilds the days before a touched one (a FAQ view's escalation can
         land on the next day), or
      3. held an event erased since then (same "since", same spill): the deletion ledger's
         privacy.erased_days() names the UTC days and nothing else, so erased guests leave the
         anonymous counts at the next build, however old their day (erased_local_days() turns
         them into local days); `clear_erased_days()`, the marts' pre-hook, empties those days
         first, as a day whose only guest was erased yields no row for delete+insert to replace
         it with, or
      4. is on or after var('reprocess_from'), when set.
    Rebuilding whole days makes an incremental run equal to a full refresh for those days, and
    days outside the set neither received nor lost an event since they were built.

    Usage, in a model (the CTEs macro ends with its own comma):
        with {{ rebuild_window_ctes(lookback_days=1) }}
        events as (select ... where {{ in_rebuild_window('activity_date', 'occurred_at') }})
    Outside an incremental run the first emits nothing and the second `true`. -#}

{#- Start of the last recorded run in which this model succeeded, minus the overlap; NULL when
    there is none. An erasure's erased_at is its transaction's start too, so the same overlap
    covers an erasure committed while that run was reading. -#}
{% macro rebuild_since() -%}
(
    select max(started_at) - interval '{{ var("received_at_overlap_minutes") }} minutes'
    from ops.job_runs
    where job = 'dbt_build'
      and run_id <> '{{ invocation_id }}'::uuid
      and details -> 'models_succeeded' @> '["{{ model.name }}"]'::jsonb
)
{%- endmacro %}

{#- Pre-hook of every mart (dbt_project.yml), in the model's transaction: an incremental day mart
    drops its rows of the days holding events erased since it was last built, before the model
    rebuilds those days (rule 3 above). delete+insert replaces only the days the new rows carry,
    so without this a day whose every event was erased would keep its old counts for ever. -#}
{% macro clear_erased_days() -%}
{#- Day marts only: the entity marts (keyed by id, macros/touched_guests.sql) lose an erased
    guest's rows to the erasure itself. -#}
{%- if is_incremental() and config.get('unique_key') == 'activity_date' -%}
delete from {{ this }}
where activity_date in ({{ erased_local_days(rebuild_since()) }})
{%- else -%}
select 1
{%- endif -%}
{%- endmacro %}

{#- The local days that held an event erased since `since` (NULL: ever). The database names
    UTC days only (privacy.erased_days, by design no times); an instant of UTC day D lies on the
    local day D-1, D or D+1 in any zone (offsets are under a day), so those three are the days
    the erasure can have touched. Widening costs at most two extra days per erased day (rare, and
    a spare day rebuilds to what it was); a zone-aware database function would be exact but
    would give the transformer a second definition of the local day to keep in step with
    local_date(), and need a migration deployed before the marts. -#}
{% macro erased_local_days(since) -%}
select erased.day + shift.n as day
from privacy.erased_days(coalesce({{ since }}, '-infinity')) as erased(day)
cross join generate_series(-1, 1) as shift(n)
{%- endmacro %}

{% macro rebuild_window_ctes(lookback_days=1, spill_days=0) -%}
{#- Outside the `if`, so dbt records the dependency when it parses the model. -#}
{%- set events = ref('stg_events') -%}
{%- if is_incremental() -%}
rebuild_watermark as (
    select {{ rebuild_since() }} as received_since
),
rebuild_touched_days as (
    select distinct touched.day - spill.n as day
    from (
        select activity_date as day
        from {{ events }}
        where received_at >= coalesce((select received_since from rebuild_watermark), '-infinity')
        union
        {{ erased_local_days('(select received_since from rebuild_watermark)') }}
    ) as touched
    cross join generate_series(0, {{ spill_days }}) as spill(n)
),
rebuild_window as (
    select
        tail.from_day as tail_from_day,
        least(
            tail.from_day,
            (select min(day) from rebuild_touched_days)
            {%- if var('reprocess_from', none) %}, '{{ var("reprocess_from") }}'::date{% endif %}
        ) as first_day
    from (
        select coalesce(max(activity_date) - {{ lookback_days }}, '-infinity'::date) as from_day
        from {{ this }}
    ) as tail
),
{%- endif -%}
{%- endmacro %}

{% macro in_rebuild_window(day_column='activity_date', ts_column='occurred_at') -%}
{%- if is_incremental() -%}
(
    -- The range on the timestamp lets Postgres use the occurred_at index and prune partitions.
    {{ ts_column }} >= {{ local_day_start('(select first_day from rebuild_window)') }}
    and (
        {{ day_column }} >= (select tail_from_day from rebuild_window)
        or {{ day_column }} in (select day from rebuild_touched_days)
        {%- if var('reprocess_from', none) %}
        or {{ day_column }} >= '{{ var("reprocess_from") }}'::date
        {%- endif %}
    )
)
{%- else -%}
true
{%- endif -%}
{%- endmacro %}
