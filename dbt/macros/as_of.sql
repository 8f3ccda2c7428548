{#- The instant "now" means for time-dependent logic (SLA breaches of open requests): the run's
    start, or var('as_of') so tests and the incremental-equivalence check are deterministic. -#}
{% macro as_of() -%}
    {%- set v = var('as_of', none) -%}
    {%- if v -%}
        '{{ v }}'::timestamptz
    {%- else -%}
        '{{ run_started_at.isoformat() }}'::timestamptz
    {%- endif -%}
{%- endmacro %}
