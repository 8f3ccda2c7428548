-- One row per catalogued FAQ: the staff-edited titles of seeds/faq_catalogue.csv, where the
-- metrics API (cbc_reader) can read them; the reader has no rights in staging, where seeds live.
select
    faq_id,
    title
from {{ ref('faq_catalogue') }}
