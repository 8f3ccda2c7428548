{#- Days are UTC days, whatever the session time zone of the connection. -#}
{% macro utc_date(ts) -%}
    (({{ ts }}) at time zone 'UTC')::date
{%- endmacro %}
