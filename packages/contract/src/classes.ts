import { Type, type TSchema } from 'typebox';

/*
 * Every string on the wire has a class, declared on its schema with the `x-cbc-class` keyword.
 * The class decides how the string is checked (validate.ts), redacted and minimized
 * (@cbc/privacy): a field cannot reach storage without one, because the contract tests walk
 * every string of every schema and fail on a string that has none. The `x-` prefix keeps the
 * keyword legal in the published OpenAPI document and ignored by JSON-schema validators.
 */
export const CLASS_KEYWORD = 'x-cbc-class';

export const STRING_CLASSES = [
  /** One of a fixed list (an `enum`): stored as is. */
  'closed',
  /** A pseudonymous id minted by the agent that links events to a guest, session or thread. */
  'identifier',
  /** A short lower-case code (category, intent, catalogue id, policy version). */
  'label',
  /** Guest- or staff-written text, or a URL: PII spans redacted before storage. */
  'free_text',
  /** The page's path: each segment and the query string redacted. */
  'url_path',
  /** An RFC 3339 timestamp. */
  'timestamp',
  /** A BCP 47 language tag. */
  'language_tag',
  /** The client-made event UUID. */
  'uuid',
  /** The guest's IP address: truncated and hashed, never stored whole. */
  'ip',
  /** The guest's user agent: reduced to a device class, never stored. */
  'user_agent',
] as const;
export type StringClass = (typeof STRING_CLASSES)[number];

/** The class a schema declares, if it is a classified string. */
export function classOf(schema: TSchema): StringClass | undefined {
  const c = (schema as Record<string, unknown>)[CLASS_KEYWORD];
  return (STRING_CLASSES as readonly unknown[]).includes(c) ? (c as StringClass) : undefined;
}

const withDescription = (description: string | undefined) => (description ? { description } : {});

/** A string enum as a JSON-schema `enum`, so errors list the allowed values. */
export const Enum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], [CLASS_KEYWORD]: 'closed', ...withDescription(description) });

export const IDENTIFIER_PATTERN = '^[A-Za-z0-9_.:-]+$';

/**
 * Ids minted by the agent: short and opaque. The pattern refuses '@', '+' and spaces; validation
 * also refuses a value that looks like personal data (a phone or card number, an IBAN, an IP
 * address, `First.Last`), so an identifier can never carry what redaction would have removed.
 */
export const Identifier = (description: string) =>
  Type.String({ minLength: 1, maxLength: 128, pattern: IDENTIFIER_PATTERN, [CLASS_KEYWORD]: 'identifier', description });

/**
 * The same shape without the class: the subject of a privacy request, which must be able to
 * name any guest id that storage may hold, including ids stored before the lookalike checks.
 */
export const OpaqueId = (description: string) =>
  Type.String({ minLength: 1, maxLength: 128, pattern: IDENTIFIER_PATTERN, description });

export const LABEL_PATTERN = '^[a-z0-9][a-z0-9_.:-]{0,63}$';

/**
 * A code, not prose: lower case, no spaces, at most 64 characters. Words are joined with `_`
 * or `-`; a `.` between two alphabetic words (`john.smith`) is refused as a name, so dots are
 * for versions and numbers. Personal-data lookalikes are refused as for identifiers.
 */
export const Label = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: LABEL_PATTERN, [CLASS_KEYWORD]: 'label', description });

export const FreeText = (maxLength: number, description: string) =>
  Type.String({ maxLength, [CLASS_KEYWORD]: 'free_text', description });

// A path as a browser sends it: from "/", percent-encoded, so never a space. A bare sentence or
// name ("Iris Verkerk") is not a path and is refused rather than stored and redacted.
export const UrlPath = (description: string) =>
  Type.String({ minLength: 1, maxLength: 2048, pattern: '^/\\S*$', [CLASS_KEYWORD]: 'url_path', description });

// RFC 3339 date-time with an explicit offset; the 'date-time' format alone accepts lowercase and
// leap seconds, which Postgres then rejects: the pattern keeps the two in agreement.
export const Timestamp = (description: string) =>
  Type.String({
    format: 'date-time',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$',
    [CLASS_KEYWORD]: 'timestamp',
    description,
  });

export const LanguageTag = (description: string) =>
  Type.String({
    minLength: 2,
    maxLength: 35,
    pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$',
    [CLASS_KEYWORD]: 'language_tag',
    description,
  });

export const Uuid = (description: string) => Type.String({ format: 'uuid', [CLASS_KEYWORD]: 'uuid', description });

export const IpAddress = (description: string) => Type.String({ maxLength: 64, [CLASS_KEYWORD]: 'ip', description });

export const UserAgent = (description: string) => Type.String({ maxLength: 512, [CLASS_KEYWORD]: 'user_agent', description });
