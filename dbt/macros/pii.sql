{#- Patterns for the no-PII test on the marts (tests/no_pii_in_marts.sql). Free text is redacted
    at ingest; these catch what slipped through or a new column that should not be there. -#}

{% macro pii_email_regex() -%}
'[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}'
{%- endmacro %}

{#- A dotted quad with every octet 0–255, not part of a longer dotted number (versions). -#}
{% macro pii_ipv4_regex() -%}
'(^|[^0-9.])((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])($|[^0-9.])'
{%- endmacro %}

{#- 13–19 digits, optionally grouped by single spaces or dashes, standing alone (not inside a
    hex hash or a longer token). -#}
{% macro pii_card_candidate_regex() -%}
'(?:^|[^0-9A-Za-z])((?:[0-9][ -]?){12,18}[0-9])(?=$|[^0-9A-Za-z])'
{%- endmacro %}

{#- True when a string of digits passes the Luhn checksum. -#}
{% macro luhn_valid(digits) -%}
(
    select sum(
        case
            when pos % 2 = 0 and substr(reverse({{ digits }}), pos, 1)::int >= 5
                then substr(reverse({{ digits }}), pos, 1)::int * 2 - 9
            when pos % 2 = 0 then substr(reverse({{ digits }}), pos, 1)::int * 2
            else substr(reverse({{ digits }}), pos, 1)::int
        end
    ) % 10 = 0
    from generate_series(1, length({{ digits }})) as pos
)
{%- endmacro %}

{#- True when a text value holds a Luhn-valid 13–19 digit run. -#}
{% macro has_card_number(column) -%}
exists (
    select 1
    from regexp_matches({{ column }}, {{ pii_card_candidate_regex() }}, 'g') as m(groups)
    cross join lateral (select regexp_replace(m.groups[1], '[^0-9]', '', 'g') as digits) as d
    where length(d.digits) between 13 and 19 and {{ luhn_valid('d.digits') }}
)
{%- endmacro %}
