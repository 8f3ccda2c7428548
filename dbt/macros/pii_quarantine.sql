{#- PII quarantine: the post-hook of every mart (dbt_project.yml). Right after a mart is built, in
    the same transaction, rows holding PII in any text column (macros/pii.sql: email, IPv4, card
    number, IBAN) are deleted from it and inserted into privacy.pii_quarantine with the mart's
    name, the row's primary key, the offending columns and kinds, and the row itself. The mart's
    tests and no_pii_in_marts then run on clean data, so one value that slipped past ingest
    redaction no longer fails every later build; it waits for the privacy officer instead
    (docs/operations.md).

    What it scans. An incremental run scans only the rows this run wrote: those whose xmin is the
    run's own transaction, i.e. exactly the days (macros/incremental.sql) or guests
    (macros/touched_guests.sql) the model's delete+insert just replaced, whatever predicate chose
    them. The rows it left alone were scanned when a build wrote them, and the nightly full
    test pass (DBT_FULL_TESTS=1 dbt test, whose no_pii_in_marts reads every row) checks them
    again; scanning every row of every mart on every build was the fixed cost that kept an
    incremental build near the price of a full refresh. A --full-refresh (every row is new) and
    any run with DBT_FULL_TESTS=1 scan the whole mart: a change to the detectors (macros/pii.sql)
    reaches old rows only through one of them, so run `DBT_FULL_TESTS=1 scripts/dbt.sh build`
    after such a change (dbt/README.md). The build's own no_pii_in_marts reads the last three
    days: a row there that no run has written since a detector change fails it until then.

    The transformer may only INSERT into the quarantine (it cannot read the PII back); the same
    finding, found again by a later rebuild, is stored once.

    Every mart must declare a primary key constraint: it is the row key the officer traces the
    row back with. -#}

{% macro quarantine_pii() -%}
{%- if execute -%}
    {%- set keys = [] -%}
    {%- for c in model.constraints if c.type == 'primary_key' -%}
        {%- for k in c.columns %}{% do keys.append(k) %}{% endfor -%}
    {%- endfor -%}
    {%- if not keys -%}
        {{ exceptions.raise_compiler_error('quarantine_pii: ' ~ this.identifier ~ ' needs a primary_key constraint') }}
    {%- endif -%}
    {%- set cols = pii_text_columns(this) -%}
    {%- if cols %}
with moved as (
    delete from {{ this }} as m
    where {% if _quarantine_this_run_only() -%}
        -- Rows inserted by this transaction; compared first, it spares the detectors every other row.
        m.xmin = pg_current_xact_id()::xid and
      {% endif -%}
      ({% for c in cols %}{{ pii_kind(c, 'm') }} is not null{% if not loop.last %}
       or {% endif %}{% endfor %})
    returning
        jsonb_build_object({% for k in keys %}'{{ k }}', m.{{ adapter.quote(k) }}{% if not loop.last %}, {% endif %}{% endfor %}) as row_key,
        jsonb_strip_nulls(jsonb_build_object(
            {%- for c in cols %}
            '{{ c }}', {{ pii_kind(c, 'm') }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        )) as findings,
        to_jsonb(m) as row_data
)
insert into privacy.pii_quarantine (model, row_key, findings, row_data, run_id)
select '{{ this.identifier }}', row_key, findings, row_data, '{{ invocation_id }}'::uuid
from moved
on conflict do nothing
    {%- else -%}
select 1
    {%- endif -%}
{%- else -%}
select 1
{%- endif -%}
{%- endmacro %}

{#- True when the quarantine may scan only the rows this run wrote (see above): an incremental
    run, not a --full-refresh, without DBT_FULL_TESTS=1. The materialization runs the post-hook
    in the transaction that inserted the rows (no savepoint between them), so their xmin is the
    transaction's own id. -#}
{% macro _quarantine_this_run_only() -%}
    {{ return(is_incremental() and not flags.FULL_REFRESH and env_var('DBT_FULL_TESTS', '') != '1') }}
{%- endmacro %}
