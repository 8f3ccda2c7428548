{#- PII quarantine: the post-hook of every mart (dbt_project.yml). Right after a mart is built, in
    the same transaction, rows holding PII in any text column (macros/pii.sql: email, IPv4, card
    number, IBAN) are deleted from it and inserted into privacy.pii_quarantine with the mart's
    name, the row's primary key, the offending columns and kinds, and the row itself. The mart's
    tests and no_pii_in_marts then run on clean data, so one value that slipped past ingest
    redaction no longer fails every later build; it waits for the privacy officer instead
    (docs/operations.md).

    The scan covers the whole mart, not only the days this run rebuilt: no_pii_in_marts reads
    every row too, and a quarantine that missed old rows would turn into the permanent halt it
    replaces. The transformer may only INSERT into the quarantine (it cannot read the PII back);
    the same finding, found again by a later rebuild, is stored once.

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
    where {% for c in cols %}{{ pii_kind(c, 'm') }} is not null{% if not loop.last %}
       or {% endif %}{% endfor %}
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
