{#- Keeping the marts in step with raw after erasure and retention (on-run-end hooks).

    reconcile_erasures(): erasure deletes raw and marts in one transaction, but a build that read
    raw just before could write the erased rows back afterwards; this closes that window at the
    end of every build. It is driven by the deletion ledger: only the local days holding events
    erased since the previous build started (minus the overlap; erased_local_days()) are looked
    at, so its cost follows the erasures, not the size of raw. Every base table of the marts
    schema is covered by its columns, so a new mart needs no entry here, only a day column:
    - event_id: a row on those days whose event was erased (privacy.erased_events, which
      remembers erased ids without personal data) is removed, identified or minimized alike;
    - guest_key: a row on those days whose guest has no raw event left on that day is removed
      (the invariant "marts never hold a guest raw no longer holds"). A row's day is its
      activity_date (dim_guests: the day of first_seen_at), and each is the day of one of that
      guest's own events, so a guest still in raw still has an event there; an erased guest has
      none, and every one of their days was an erased day.

    create_mart_pruner(): marts.prune_expired(class, keep, now), SECURITY DEFINER and owned by
    the transformer, so `prune-retention` (the pruner role, which has no rights in marts) prunes
    the guest-level marts with the same cutoff right after raw, and cannot go below the floor of
    ops.retention_policy (ops.retention_cutoff). Anonymous aggregates (fct_daily_activity, fct_hourly_activity) are kept. -#}

{% macro reconcile_erasures() -%}
{%- if execute and flags.WHICH in ('build', 'run') -%}
{%- set marts = run_query("
    select format('%I.%I', c.table_schema, c.table_name) as rel,
           bool_or(c.column_name = 'guest_key') as has_guest_key,
           bool_or(c.column_name = 'event_id') as has_event_id,
           bool_or(c.column_name = 'activity_date') as has_activity_date,
           bool_or(c.column_name = 'first_seen_at') as has_first_seen_at
    from information_schema.columns c
    join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'marts' and t.table_type = 'BASE TABLE'
      and c.column_name in ('guest_key', 'event_id', 'activity_date', 'first_seen_at')
    group by 1 order by 1") -%}
{%- set since -%}
(
    select max(started_at) - interval '{{ var("received_at_overlap_minutes") }} minutes'
    from ops.job_runs
    where job = 'dbt_build' and run_id <> '{{ invocation_id }}'::uuid
)
{%- endset -%}
drop table if exists pg_temp.cbc_erased_days;
create temporary table cbc_erased_days as
    select day, {{ local_day_start('day') }} as starts_at, {{ local_day_start('day + 1') }} as ends_at
    from ({{ erased_local_days(since) }}) as erased;
drop table if exists pg_temp.cbc_live_guests;
-- The guests with an event on those days: one index range scan of occurred_at per day.
create temporary table cbc_live_guests as
    select distinct d.day, md5(e.guest_id) as guest_key
    from cbc_erased_days d
    join {{ source('raw', 'events') }} e on e.occurred_at >= d.starts_at and e.occurred_at < d.ends_at
    where e.guest_id is not null;
create index on cbc_live_guests (guest_key, day);
{%- for m in marts.rows if m['has_event_id'] or m['has_guest_key'] %}
{%- if m['has_activity_date'] %}{% set day = 'm.activity_date' %}
{%- elif m['has_first_seen_at'] %}{% set day = local_date('m.first_seen_at') %}
{%- else %}{{ exceptions.raise_compiler_error('reconcile_erasures: mart ' ~ m['rel'] ~ ' has guest_key or event_id but no activity_date or first_seen_at to find its erased days by') }}
{%- endif %}
{%- if m['has_event_id'] %}
delete from {{ m['rel'] }} m
using {{ source('privacy', 'erased_events') }} x
where m.event_id = x.event_id
  and {{ day }} in (select day from cbc_erased_days);
{%- endif %}
{%- if m['has_guest_key'] %}
delete from {{ m['rel'] }} m
where m.guest_key is not null
  and {{ day }} in (select day from cbc_erased_days)
  and not exists (select 1 from cbc_live_guests g where g.guest_key = m.guest_key and g.day = {{ day }});
{%- endif %}
{%- endfor %}
drop table cbc_erased_days;
drop table cbc_live_guests;
{%- endif -%}
{%- endmacro %}

{% macro create_mart_pruner() -%}
{%- if execute and flags.WHICH in ('build', 'run') -%}
create or replace function marts.prune_expired(p_class text, p_keep interval, p_now timestamptz)
returns jsonb
language plpgsql
security definer
set search_path = pg_catalog, marts
as $fn$
declare
    v_cutoff timestamptz;
    n bigint;
    result jsonb := '{}'::jsonb;
begin
    -- The same cutoff as raw.prune_class (floors, no future "now"): one definition, in ops.
    v_cutoff := ops.retention_cutoff(p_class, p_keep, p_now);
    if p_class = 'browsing' then
        delete from marts.fct_page_views where viewed_at < v_cutoff;
        get diagnostics n = row_count; result := result || jsonb_build_object('fct_page_views', n);
        delete from marts.fct_searches where searched_at < v_cutoff;
        get diagnostics n = row_count; result := result || jsonb_build_object('fct_searches', n);
        delete from marts.fct_faq_views where viewed_at < v_cutoff;
        get diagnostics n = row_count; result := result || jsonb_build_object('fct_faq_views', n);
    elsif p_class = 'service' then
        -- Guest-level marts that span classes follow the longest event class (service).
        delete from marts.fct_chat_sessions where started_at < v_cutoff;
        get diagnostics n = row_count; result := result || jsonb_build_object('fct_chat_sessions', n);
        delete from marts.fct_service_requests where created_at < v_cutoff;
        get diagnostics n = row_count; result := result || jsonb_build_object('fct_service_requests', n);
        delete from marts.fct_sessions where started_at < v_cutoff;
        get diagnostics n = row_count; result := result || jsonb_build_object('fct_sessions', n);
        -- Whole local days before the cutoff's (activity_date is a local date): the day holding
        -- the cutoff keeps its row, as raw keeps that day's later events.
        delete from marts.fct_guest_daily where activity_date < {{ local_date('v_cutoff') }};
        get diagnostics n = row_count; result := result || jsonb_build_object('fct_guest_daily', n);
        delete from marts.fct_guest_hourly where activity_hour < v_cutoff;
        get diagnostics n = row_count; result := result || jsonb_build_object('fct_guest_hourly', n);
        delete from marts.dim_guests where last_seen_at < v_cutoff;
        get diagnostics n = row_count; result := result || jsonb_build_object('dim_guests', n);
    end if;
    return result;
end;
$fn$;
revoke all on function marts.prune_expired(text, interval, timestamptz) from public;
grant usage on schema marts to cbc_pruner;
grant execute on function marts.prune_expired(text, interval, timestamptz) to cbc_pruner;
{%- endif -%}
{%- endmacro %}

{#- Search queries are grouped lower-cased; the redaction placeholders keep their upper case
    ([EMAIL], not [email]) so they read as placeholders, not as something a guest typed. -#}
{% macro normalize_query(expr) -%}
{%- set sql = "nullif(lower(btrim(regexp_replace(" ~ expr ~ ", '\\s+', ' ', 'g'))), '')" -%}
{%- for p in ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'ID_NUMBER', 'PERSON', 'ROOM_NUMBER', 'IP_ADDRESS', 'DATE_OF_BIRTH'] -%}
{%- set sql = "replace(" ~ sql ~ ", '[" ~ p | lower ~ "]', '[" ~ p ~ "]')" -%}
{%- if loop.last %}{{ sql }}{% endif -%}
{%- endfor -%}
{%- endmacro %}
