{#- Every `dbt build` / `dbt run` is a row in ops.job_runs (job 'dbt_build'), keyed by the
    invocation id: 'running' at start, 'success' or 'failure' at the end, with counts per resource
    type and the models built. details.full_refresh is true for `--full-refresh` runs. A failed run
    may still have replaced marts (a data test fails after its model was built):
    details.failed_checks names the tests and models that failed, and the metrics API serves that
    run's version flagged stale (services/api/src/analytics/data-version.ts).
    details.models_succeeded is also what the incremental marts read their watermark from
    (macros/incremental.sql). Other commands (seed, a three-day `test`) are not recorded as
    builds: the "last successful build" alert must mean the marts advanced. `dbt docs generate` compiles hooks without running
    them, so docs runs are recorded by `dbt run-operation record_docs_run` (see README). -#}

{#- The nightly full test pass (`dbt test` with DBT_FULL_TESTS=1, the dbt-full-test CronJob) is
    recorded too, as job 'dbt_full_test': it is the only run that tests every mart row, and
    the DbtFullTestFailed alert reads its record. A `dbt test` without it is not recorded. -#}
{% macro _recorded_job() -%}
    {%- if flags.WHICH in ('build', 'run') -%}
        {{ return('dbt_build') }}
    {%- elif flags.WHICH == 'test' and env_var('DBT_FULL_TESTS', '') == '1' -%}
        {{ return('dbt_full_test') }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{% macro _sql_json(value) -%}
    '{{ tojson(value) | replace("'", "''") }}'::jsonb
{%- endmacro %}

{% macro _command_line() -%}
    {%- set a = invocation_args_dict -%}
    {%- set parts = ['dbt', flags.WHICH] -%}
    {%- if flags.FULL_REFRESH %}{% do parts.append('--full-refresh') %}{% endif -%}
    {%- for key in ['select', 'exclude', 'selector'] -%}
        {%- set v = a.get(key) -%}
        {%- if v %}{% do parts.append('--' ~ key ~ ' ' ~ (v if v is string else v | join(' '))) %}{% endif -%}
    {%- endfor -%}
    {%- set v = a.get('vars') -%}
    {%- if v and v != '{}' %}{% do parts.append("--vars '" ~ (v if v is string else tojson(v)) ~ "'") %}{% endif -%}
    {{ return(parts | join(' ')) }}
{%- endmacro %}

{% macro _run_identity() -%}
    {{ return({
        'command': _command_line(),
        'full_refresh': flags.FULL_REFRESH | default(false, true),
        'target': target.name,
        'dbt_version': dbt_version,
    }) }}
{%- endmacro %}

{% macro record_run_start() %}
    {%- set job = _recorded_job() -%}
    {%- if execute and job -%}
        -- A run killed before its on-run-end (evicted pod, OOM) stays 'running' forever; close
        -- such rows once they are older than any real run could be.
        update ops.job_runs
        set status = 'failure', finished_at = now(), details = details || '{"abandoned": true}'::jsonb
        where job = '{{ job }}' and status = 'running' and started_at < now() - interval '24 hours';
        -- started_at from the database clock, not dbt's: incremental marts compare it with
        -- raw received_at (stamped by the same clock), so host clock skew cannot shift it.
        insert into ops.job_runs (run_id, job, status, started_at, details)
        values ('{{ invocation_id }}', '{{ job }}', 'running', now(), {{ _sql_json(_run_identity()) }})
        on conflict (run_id) do nothing
    {%- else -%}
        select 1
    {%- endif -%}
{% endmacro %}

{#- An upsert, so the run is recorded even if on-run-start did not record it (then started_at is
    dbt's own start time). -#}
{% macro record_run_end(results) %}
    {%- set job = _recorded_job() -%}
    {%- if execute and job -%}
        {%- set counts = {} -%}
        {%- set built = [] -%}
        {%- set failed = [] -%}
        {%- set failed_checks = [] -%}
        {%- set ns = namespace(ok=true) -%}
        {%- for r in results -%}
            {%- set kind = r.node.resource_type | string -%}
            {%- set status = r.status | string -%}
            {%- if kind not in counts %}{% do counts.update({kind: {}}) %}{% endif -%}
            {%- do counts[kind].update({status: counts[kind].get(status, 0) + 1}) -%}
            {%- if status in ('error', 'fail', 'runtime error') %}{% set ns.ok = false %}{% endif -%}
            {%- if kind == 'model' and status == 'success' %}{% do built.append(r.node.name) %}{% endif -%}
            {%- if status in ('error', 'fail', 'skipped') %}{% do failed.append(r.node.name) %}{% endif -%}
            {%- if status in ('error', 'fail', 'runtime error') %}{% do failed_checks.append(r.node.name) %}{% endif -%}
        {%- endfor -%}
        {%- set m = counts.get('model', {}) -%}
        {%- set details = _run_identity() -%}
        {%- do details.update({
            'models': {'built': m.get('success', 0), 'failed': m.get('error', 0), 'skipped': m.get('skipped', 0)},
            'results': counts,
            'models_succeeded': built,
            'failed_or_skipped': failed,
            'failed_checks': failed_checks,
        }) -%}
        insert into ops.job_runs as r (run_id, job, status, started_at, finished_at, details)
        values ('{{ invocation_id }}', '{{ job }}', '{{ "success" if ns.ok else "failure" }}',
                '{{ run_started_at.isoformat() }}', now(),
                -- Rows this run moved to the PII quarantine (macros/pii_quarantine.sql), counted
                -- through the view that shows findings without their values.
                {{ _sql_json(details) }} || jsonb_build_object('pii_quarantined',
                    (select count(*) from ops.pii_quarantine_findings where run_id = '{{ invocation_id }}'::uuid)))
        on conflict (run_id) do update
        set status = excluded.status, finished_at = excluded.finished_at, details = r.details || excluded.details
    {%- else -%}
        select 1
    {%- endif -%}
{% endmacro %}

{#- dbt grants privileges on relations, not on their schema: readers also need USAGE on marts
    (absent until a mart was built once). -#}
{% macro grant_mart_schema_usage() %}
    {%- if execute and _recorded_job() == 'dbt_build' and adapter.check_schema_exists(target.database, 'marts') -%}
        grant usage on schema marts to cbc_reader, cbc_privacy
    {%- else -%}
        select 1
    {%- endif -%}
{% endmacro %}

{#- `dbt run-operation record_docs_run`, right after `dbt docs generate` succeeded: one finished
    'dbt_docs' row. (A failed generate is visible as the missing row and the Job's own status.) -#}
{% macro record_docs_run() %}
    {%- set sql -%}
        insert into ops.job_runs (job, status, started_at, finished_at, details)
        values ('dbt_docs', 'success', now(), now(),
                {{ _sql_json({'command': 'dbt docs generate', 'target': target.name, 'dbt_version': dbt_version}) }})
    {%- endset -%}
    {%- do run_query(sql) -%}
    {{ log('recorded dbt_docs run', info=true) }}
{% endmacro %}
