/**
 * The one definition of every rate the metrics API shows (docs/metrics.md has a worked example
 * of each). Which event counts in a numerator is decided once, in dbt: a search is zero-result
 * when results_count = 0 (int_searches_enriched), an FAQ view is deflected when its guest neither
 * hands a chat off nor creates a service request within 30 minutes (int_faq_views_followed), a
 * chat's outcome is its last end event (int_chat_sessions_joined), a request breaches its SLA when
 * either clock passes its target (fct_service_requests). Here each rate gets its denominator, so
 * a metric that shows a rate calls these and never divides on its own.
 */

/** Rounded to 4 decimals; null, not 0, when there is nothing to divide by. */
export const ratio = (num: number, den: number): number | null => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

/** Share of searches that returned at least one result. */
export const searchSuccessRate = (searches: number, zeroResultSearches: number) => ratio(searches - zeroResultSearches, searches);

/** Share of searches that returned nothing (the complement of search success). */
export const zeroResultRate = (searches: number, zeroResultSearches: number) => ratio(zeroResultSearches, searches);

/**
 * Share of followed FAQ views that were deflected. Minimized views (no consent) have no guest
 * whose next steps could be followed, so they are in neither count: dividing by all views would
 * count them as escalated.
 */
export const faqDeflectionRate = (deflected: number, followedViews: number) => ratio(deflected, followedViews);

/** Share of chat sessions (open ones included) that ended resolved. */
export const resolutionRate = (resolved: number, chatSessions: number) => ratio(resolved, chatSessions);

/** Share of chat sessions (open ones included) handed off to staff. */
export const handoffRate = (handoff: number, chatSessions: number) => ratio(handoff, chatSessions);

/** Mean CSAT over the sessions that were rated. */
export const averageCsat = (csatSum: number, csatResponses: number) => ratio(csatSum, csatResponses);

/** Share of service requests that breached the acknowledge or the complete target (or both). */
export const slaBreachRate = (breached: number, requests: number) => ratio(breached, requests);
