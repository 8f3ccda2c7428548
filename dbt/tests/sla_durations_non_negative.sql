-- No service request reaches a step before it was created (a negative duration means clock skew
-- between the agent and the system reporting the step, or a mis-pivoted lifecycle).
select request_id, minutes_to_acknowledge, minutes_to_complete
from {{ ref('fct_service_requests') }}
where minutes_to_acknowledge < 0 or minutes_to_complete < 0
