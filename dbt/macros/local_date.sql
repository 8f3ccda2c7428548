{#- The club's calendar. Every day in the marts (activity_date, the incremental marts' rebuild
    key, the daily grains) is a local date in var('reporting_time_zone'): the zone the metrics
    API cuts its days, weeks and months in (REPORTING_TIME_ZONE, default Atlantic/Bermuda), so a
    mart's day and an API day are the same hours. The zone is read from the environment in
    dbt_project.yml, and checked once per run by check_reporting_time_zone() (on-run-start).

    Days follow the zone's rules instant by instant, so a DST change day is 23 or 25 hours long
    and holds exactly its events; the session's own TimeZone setting plays no part. -#}

{#- The zone as a SQL literal. The name is refused unless it looks like an IANA name, so it can
    never close the quotes it is spliced into. -#}
{% macro reporting_time_zone() -%}
{%- set zone = var('reporting_time_zone') -%}
{%- if not modules.re.match('^[A-Za-z][A-Za-z0-9_+/-]*$', zone) -%}
{{ exceptions.raise_compiler_error("reporting_time_zone (REPORTING_TIME_ZONE) must be an IANA time zone name, e.g. Atlantic/Bermuda; got '" ~ zone ~ "'") }}
{%- endif -%}
'{{ zone }}'
{%- endmacro %}

{#- The local date of a timestamptz: the one definition of "the day of" an instant. -#}
{% macro local_date(ts) -%}
    (({{ ts }}) at time zone {{ reporting_time_zone() }})::date
{%- endmacro %}

{#- The first instant of a local date (its local midnight), for range conditions on timestamp
    columns that indexes and partition pruning can use. PostgreSQL resolves a local time that a
    DST change repeats to its later instant, so where a zone falls back at midnight (the hour
    00:00-01:00 twice) the hour before that answer is on the same day and is the start. -#}
{% macro local_day_start(day) -%}
{%- set zone = reporting_time_zone() -%}
(
    select case
        when ((t - interval '1 hour') at time zone {{ zone }})::date = d then t - interval '1 hour'
        else t
    end
    from (select ({{ day }})::date as d) as day_,
    lateral (select day_.d::timestamp at time zone {{ zone }} as t) as midnight
)
{%- endmacro %}

{#- on-run-start: fail the run before it builds anything when the zone is unknown to PostgreSQL,
    or not a whole number of hours from UTC at some instant since 2000 (or in the next two
    years): the hourly marts carry the local date of each UTC hour, which must lie within one
    day. The API refuses such a zone at boot for the same reason (its days are cut from hours). -#}
{% macro check_reporting_time_zone() -%}
{%- if execute -%}
{%- set zone = reporting_time_zone() -%}
{%- set found = run_query("select count(*) from pg_timezone_names where name = " ~ zone) -%}
{%- if found.columns[0].values()[0] == 0 -%}
{{ exceptions.raise_compiler_error("reporting_time_zone (REPORTING_TIME_ZONE): PostgreSQL does not know the time zone " ~ zone) }}
{%- endif -%}
{%- set odd = run_query("
    select min(t)::date from generate_series('2000-01-03'::timestamptz, now() + interval '2 years', interval '1 week') as t
    where extract(epoch from (t at time zone " ~ zone ~ ") - (t at time zone 'UTC'))::bigint % 3600 <> 0") -%}
{%- if odd.columns[0].values()[0] is not none -%}
{{ exceptions.raise_compiler_error("reporting_time_zone (REPORTING_TIME_ZONE): " ~ zone ~ " is not a whole number of hours from UTC on " ~ odd.columns[0].values()[0] ~ "; the hourly marts need each UTC hour within one local day") }}
{%- endif -%}
{%- endif -%}
select 1
{%- endmacro %}
