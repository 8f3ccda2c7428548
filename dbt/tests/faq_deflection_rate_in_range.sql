-- The deflection rate the Overview shows is faq_deflected / faq_followed_views of
-- fct_hourly_activity (services/api/src/analytics/rates.ts): no cell may count more deflections
-- than followed views, nor more followed views than views, and each day's deflections must be the ones
-- fct_faq_views holds. A rate averaged from 0/1 verdicts is in [0, 1] by construction, so it is
-- not what is checked here. Every verdict is consistent too: is_deflected is exactly the negation
-- of followed_by_escalation.
with hourly_days as (
    select activity_date, sum(faq_deflected) as deflected
    from {{ ref('fct_hourly_activity') }}
    group by activity_date
),

view_days as (
    select activity_date, count(*) filter (where is_deflected) as deflected
    from {{ ref('fct_faq_views') }}
    group by activity_date
)

select activity_date, activity_hour::text as detail, 'more deflections than followed views in an hour cell' as problem
from {{ ref('fct_hourly_activity') }}
where faq_deflected > faq_followed_views or faq_followed_views > faq_views

union all

select coalesce(h.activity_date, v.activity_date), concat(h.deflected, ' vs ', v.deflected), 'hourly deflections differ from fct_faq_views'
from hourly_days h
full join view_days v on v.activity_date = h.activity_date
where coalesce(h.deflected, 0) <> coalesce(v.deflected, 0)

union all

select activity_date, event_id::text, 'is_deflected is not the negation of followed_by_escalation'
from {{ ref('fct_faq_views') }}
where is_deflected is distinct from (not followed_by_escalation)
