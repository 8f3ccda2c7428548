{#- PII detection in the marts, one definition for both users: the quarantine post-hook that moves
    offending rows out (macros/pii_quarantine.sql) and the test that proves the marts are clean
    afterwards (tests/no_pii_in_marts.sql). Free text is redacted at ingest; these catch what
    slipped through or a new column that should not be there. -#}

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

{#- Two letters, two check digits, then 11–30 letters or digits, printed whole or in groups of four
    separated by single spaces; case-insensitive, as search queries reach the marts lower-cased. -#}
{% macro pii_iban_candidate_regex() -%}
'(?:^|[^0-9A-Za-z])([A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?)(?=$|[^0-9A-Za-z])'
{%- endmacro %}

{#- True when a text value holds an IBAN whose ISO 13616 checksum holds: country and check digits
    moved to the end, letters as 10–35, the whole number mod 97 is 1. -#}
{% macro has_iban(column) -%}
exists (
    select 1
    from regexp_matches({{ column }}, {{ pii_iban_candidate_regex() }}, 'g') as m(groups)
    cross join lateral (select upper(replace(m.groups[1], ' ', '')) as iban) as i
    where length(i.iban) between 15 and 34
      and (
          select string_agg(case when ch ~ '[A-Z]' then (ascii(ch) - 55)::text else ch end, '' order by pos)
          from regexp_split_to_table(substr(i.iban, 5) || substr(i.iban, 1, 4), '') with ordinality as t(ch, pos)
      )::numeric % 97 = 1
)
{%- endmacro %}

{#- The kind of PII a text column's value holds, or NULL. Identifier columns (*_id, guest_key)
    skip the card and IBAN checks: opaque ids such as a millisecond timestamp are 13-digit runs
    that pass Luhn one time in ten, and a 32-character md5 can look like an IBAN. They cannot
    hold an email (the contract forbids '@'), and are still checked for IP addresses. -#}
{% macro pii_kind(column_name, qualifier=none) -%}
{%- set c = (qualifier ~ '.' if qualifier else '') ~ adapter.quote(column_name) -%}
case
    when {{ c }} ~ {{ pii_email_regex() }} then 'email'
    when {{ c }} ~ {{ pii_ipv4_regex() }} then 'ipv4'
    {%- if not (column_name.endswith('_id') or column_name == 'guest_key') %}
    when {{ has_card_number(c) }} then 'card_number'
    when {{ has_iban(c) }} then 'iban'
    {%- endif %}
end
{%- endmacro %}

{#- The text columns of a relation, the ones pii_kind applies to. -#}
{% macro pii_text_columns(relation) -%}
{%- set names = [] -%}
{%- for col in adapter.get_columns_in_relation(relation) if col.dtype in ('text', 'character varying') -%}
    {%- do names.append(col.name) -%}
{%- endfor -%}
{{- return(names) -}}
{%- endmacro %}
