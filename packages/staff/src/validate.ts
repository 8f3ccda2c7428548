import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';

/** Roles in increasing order of access: each one can do everything the previous ones can. */
export const STAFF_ROLES = ['viewer', 'operator', 'privacy_officer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(v: unknown): v is StaffRole {
  return typeof v === 'string' && (STAFF_ROLES as readonly string[]).includes(v);
}

/**
 * Emails are stored lower-case (the table's CHECK enforces it), so lookups compare exactly.
 * Returns null for anything that is not a plausible address: one @, no spaces, a dot-free
 * local host like `cbc.local` is fine, 254 characters at most (RFC 5321).
 */
export function normalizeEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  if (email.length < 3 || email.length > 254) return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(email)) return null;
  return email;
}

/** Why a new password is unacceptable, or null when it is fine. */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'a password is required';
  if (password.length < PASSWORD_MIN_LENGTH) return `a password needs at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `a password may have at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() !== password) return 'a password may not start or end with whitespace (a copy-paste accident?)';
  return null;
}

/** Staff ids are uuids; anything else from a form is refused before it reaches SQL (22P02). */
export function isStaffId(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}
