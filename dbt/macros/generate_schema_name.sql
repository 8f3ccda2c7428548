{#- Schemas are exactly staging, intermediate and marts: the roles' grants and the metrics API
    name them, so dbt's default <target>_<custom> prefixing is turned off. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
