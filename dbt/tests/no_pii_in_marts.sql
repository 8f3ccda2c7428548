{#- No mart text column holds an email address, an IPv4 address, a Luhn-valid 13–19 digit run (a
    card number) or a checksum-valid IBAN (macros/pii.sql). Each mart's post-hook has already
    moved such rows to privacy.pii_quarantine (macros/pii_quarantine.sql), so this test proves
    the quarantine worked: it fails only when the move did not happen. Rows name the model,
    column and kind only: the offending values stay out of logs.

    Every mart must be listed here so the test runs after it; the check below fails the compile
    when a mart is missing.

    Like the marts' other data tests (dbt_project.yml), a build checks the rows of the last three
    days (by activity_date; dim_guests by last_seen_at; dim_faqs whole), the ones it rebuilt, so its cost does not
    grow with the history; DBT_FULL_TESTS=1 (the nightly full pass) checks every row. The
    quarantine of an incremental build scans only the rows that build wrote (pii_quarantine.sql).
-#}
-- depends_on: {{ ref('fct_daily_activity') }}
-- depends_on: {{ ref('fct_hourly_activity') }}
-- depends_on: {{ ref('fct_guest_daily') }}
-- depends_on: {{ ref('fct_guest_hourly') }}
-- depends_on: {{ ref('fct_page_views') }}
-- depends_on: {{ ref('fct_searches') }}
-- depends_on: {{ ref('fct_faq_views') }}
-- depends_on: {{ ref('fct_chat_sessions') }}
-- depends_on: {{ ref('fct_service_requests') }}
-- depends_on: {{ ref('fct_sessions') }}
-- depends_on: {{ ref('dim_guests') }}
-- depends_on: {{ ref('dim_faqs') }}
{%- set checked = ['fct_daily_activity', 'fct_hourly_activity', 'fct_guest_daily', 'fct_guest_hourly', 'fct_page_views', 'fct_searches', 'fct_faq_views',
                   'fct_chat_sessions', 'fct_service_requests', 'fct_sessions', 'dim_guests', 'dim_faqs'] -%}
{%- set checks = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.config.schema == 'marts' -%}
        {%- if node.name not in checked -%}
            {{ exceptions.raise_compiler_error('no_pii_in_marts: add ' ~ node.name ~ ' to its mart list') }}
        {%- endif -%}
        {%- set relation = ref(node.name) -%}
        {%- set recent = 'true' -%}
        {%- if env_var('DBT_FULL_TESTS', '') != '1' -%}
            {#- dim_faqs has no day: a few dozen rows, checked whole. -#}
            {%- set recent = 'true' if node.name == 'dim_faqs' else ('last_seen_at' if node.name == 'dim_guests' else 'activity_date') ~ ' >= current_date - 3' -%}
        {%- endif -%}
        {%- for name in pii_text_columns(relation) -%}
            {%- set c = adapter.quote(name) -%}
            {%- set sql -%}
    select '{{ node.name }}' as model_name, '{{ name }}' as column_name, kind, count(*) as n
    from (
        select {{ pii_kind(name) }} as kind
        from {{ relation }}
        where {{ c }} is not null and {{ recent }}
    ) as scanned
    where kind is not null
    group by kind
            {%- endset -%}
            {%- do checks.append(sql) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif -%}
{%- if checks %}
{{ checks | join('\n    union all\n') }}
{%- else %}
select null as model_name, null as column_name, null as kind, 0 as n where false
{%- endif %}
