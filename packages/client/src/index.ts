export { CbcClient, type CbcClientOptions, type EventFields, type WebhookDelivery } from './client';
export { CbcApiError, CbcNetworkError } from './errors';
export { RETRYABLE_STATUSES, backoffDelay, parseRetryAfter, type BackoffOptions } from './retry';
export { newWebhookId, parseWebhookSecret, signWebhook, webhookHeaders } from './signing';
