{#- A text column's length stays within [min_length, max_length] (dbt_utils is not available
    offline): for values staff type by hand, such as the FAQ titles, where an empty or runaway
    cell would reach the dashboard unnoticed. NULLs are not_null's business. -#}
{% test length_between(model, column_name, min_length, max_length) %}
    select {{ column_name }}
    from {{ model }}
    where length({{ column_name }}) not between {{ min_length }} and {{ max_length }}
{% endtest %}
