/**
 * The API's OpaqueId (packages/contract): 1–128 of A–Z a–z 0–9 _ . : -. The input pattern, the
 * hint under every guest-id field and the route handlers' check all come from here.
 */
export const GUEST_ID_MAX_LENGTH = 128;
/** For `<input pattern>` (anchored by the browser; `-` escaped for the `v` flag it compiles with). */
export const GUEST_ID_INPUT_PATTERN = '[A-Za-z0-9_.:\\-]+';
export const GUEST_ID_HINT = 'The id the concierge agent uses: 1–128 letters, digits or _ . : - (no spaces), as in the guest’s export request.';

/** What the route handlers answer when a guest id is malformed. */
export const GUEST_ID_PROBLEM = 'A guest id is 1–128 letters, digits or _ . : -';

export function isGuestId(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(v);
}
