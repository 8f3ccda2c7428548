export { CbcClient, type CbcClientOptions, type EventFields, type WebhookDelivery } from './client';
export { CbcApiError, CbcNetworkError } from './errors';
export { RETRYABLE_STATUSES, backoffDelay, parseRetryAfter, type BackoffOptions } from './retry';
// The signing scheme lives in @cbc/contract (shared with the API's verifier); re-exported for agents.
export { newWebhookId, parseWebhookSecret, signWebhook, webhookHeaders } from '@cbc/contract';
