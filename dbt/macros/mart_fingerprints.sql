{#- `dbt run-operation mart_fingerprints`: one line per mart with its row count and an
    order-independent hash of every row, for scripts/check-incremental-equivalence.sh. -#}
{% macro mart_fingerprints() %}
    {%- set marts = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.config.schema == 'marts' -%}
        {%- do marts.append(node) -%}
    {%- endfor -%}
    {%- for node in marts | sort(attribute='name') -%}
        {%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- set sql -%}
            select count(*) as n,
                   coalesce(md5(string_agg(h, '' order by h)), '-') as digest
            from (select md5(t::text) as h from {{ relation }} as t) as rows
        {%- endset -%}
        {%- set row = run_query(sql).rows[0] -%}
        {{ print('FINGERPRINT ' ~ node.name ~ ' rows=' ~ row['n'] ~ ' digest=' ~ row['digest']) }}
    {%- endfor -%}
{% endmacro %}
