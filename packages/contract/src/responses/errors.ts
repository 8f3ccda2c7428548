import { Type, type Static } from 'typebox';
import { Enum } from '../classes';

/**
 * Every error code the API answers with, and the HTTP status it always comes with. A caller
 * branches on the code, never on the message: distinct states get distinct codes (storage down
 * is `unavailable`, marts not yet built by dbt is `models_not_built`, though both are 503).
 */
export const ERROR_CODES = {
  bad_request: 400,
  invalid_request: 400,
  invalid_parameter: 400,
  malformed_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_metric: 404,
  unknown_webhook_type: 404,
  request_timeout: 408,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  invalid_event: 422,
  invalid_events: 422,
  invalid_webhook: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  unavailable: 503,
  models_not_built: 503,
  overloaded: 503,
  redaction_failed: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorStatus<C extends ErrorCode = ErrorCode> = (typeof ERROR_CODES)[C];

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

/** The codes that come with one HTTP status (the OpenAPI document lists them per response). */
export const errorCodesFor = (status: number): ErrorCode[] => CODES.filter((c) => ERROR_CODES[c] === status);

/** The one error shape of every endpoint: `{ "error": { "code", "message", "details?" } }`. */
export const ErrorEnvelope = Type.Object({
  error: Type.Object({
    code: Enum(CODES, 'Stable machine-readable code; each maps to one HTTP status'),
    message: Type.String({ description: 'For people; may change between releases' }),
    details: Type.Optional(Type.Unknown({ description: 'Which field or parameter was wrong, when there is one' })),
  }),
});
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;
