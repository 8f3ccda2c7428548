-- Per FAQ article, the deflection rate over the views that have a verdict lies in [0, 1], and
-- every verdict is consistent: is_deflected is exactly the negation of followed_by_escalation.
with per_faq as (
    select
        faq_id,
        avg(case when is_deflected then 1.0 else 0.0 end) filter (where is_deflected is not null) as deflection_rate
    from {{ ref('fct_faq_views') }}
    group by faq_id
)

select faq_id, deflection_rate, 'rate out of range' as problem
from per_faq
where deflection_rate < 0 or deflection_rate > 1

union all

select faq_id, null, 'is_deflected is not the negation of followed_by_escalation'
from {{ ref('fct_faq_views') }}
where is_deflected is distinct from (not followed_by_escalation)
