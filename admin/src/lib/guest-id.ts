/** The API's OpaqueId (packages/contract): 1–128 of A–Z a–z 0–9 _ . : - */
export function isGuestId(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(v);
}
