/** Every kind of free-text PII that `redact` knows, in reporting order. */
export const ENTITY_TYPES = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  'ID_NUMBER',
  'PERSON',
  'ROOM_NUMBER',
  'IP_ADDRESS',
  'DATE_OF_BIRTH',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

/** A detected span; offsets are UTF-16 code-unit indices into the text that was scanned. */
export interface EntitySpan {
  type: EntityType;
  start: number;
  end: number;
}

/**
 * Tie-break when two candidates overlap and have the same length (the longer one always wins first).
 * Checksum-validated types come first because a checksum is stronger evidence than a context word,
 * and context-anchored types beat PHONE because libphonenumber accepts many digit runs in lenient
 * regions (a passport or room number is often also a "valid" national phone number).
 */
export const ENTITY_PRIORITY: readonly EntityType[] = [
  'EMAIL',
  'IBAN',
  'CREDIT_CARD',
  'IP_ADDRESS',
  'DATE_OF_BIRTH',
  'ID_NUMBER',
  'ROOM_NUMBER',
  'PHONE',
  'PERSON',
];

export function placeholder(type: EntityType): string {
  return `[${type}]`;
}

/**
 * Matches any placeholder we emit. Text inside one is never scanned again, which is what makes
 * `redact` idempotent and keeps a guest's literal "[EMAIL]" untouched.
 */
export const PLACEHOLDER_PATTERN = new RegExp(`\\[(?:${ENTITY_TYPES.join('|')})\\]`, 'g');
