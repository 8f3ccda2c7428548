{#- The grain test for multi-column keys (dbt_utils is not available offline): no two rows share
    the same values in every column of `combination_of_columns`. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- set cols = combination_of_columns | join(', ') -%}
    select {{ cols }}, count(*) as n
    from {{ model }}
    group by {{ cols }}
    having count(*) > 1
{% endtest %}
