import type { TSchema } from 'typebox';
import { classOf, type StringClass } from './classes';
import { lookalikeOf } from './lookalike';

/** A field error: a JSON pointer into the input and what is wrong there. */
export interface FieldError {
  path: string;
  message: string;
}

export interface StringSlot {
  /** JSON pointer of the string; `*` stands for any array index. */
  path: string;
  schema: TSchema;
  class: StringClass | undefined;
}

type Node = { type?: unknown; enum?: unknown; const?: unknown; properties?: Record<string, TSchema>; items?: TSchema; anyOf?: TSchema[]; oneOf?: TSchema[] };

function isStringSchema(s: Node): boolean {
  if (s.type === 'string') return true;
  if (Array.isArray(s.enum)) return s.enum.every((v) => typeof v === 'string');
  return typeof s.const === 'string';
}

/** Every string position in `schema` (object properties, union variants, array items). */
export function stringSlots(schema: TSchema, path = ''): StringSlot[] {
  const s = schema as Node;
  if (isStringSchema(s)) return [{ path: path || '/', schema, class: classOf(schema) }];
  const out: StringSlot[] = [];
  for (const [k, child] of Object.entries(s.properties ?? {})) out.push(...stringSlots(child, `${path}/${k}`));
  for (const variant of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) out.push(...stringSlots(variant, path));
  if (s.items) out.push(...stringSlots(s.items, `${path}/*`));
  return out;
}

/**
 * Why Postgres could not store `value`, or null. A NUL is refused by `text` and `jsonb`; an
 * unpaired surrogate is not Unicode, so the jsonb cast refuses its escape (and a text column
 * would silently get U+FFFD). Either would fail the whole group-commit statement, so both are
 * refused here, per event.
 */
export function unstorableReason(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return 'contains U+0000 (NUL), which cannot be stored';
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'contains an unpaired surrogate (not valid Unicode), which cannot be stored';
    }
  }
  return null;
}

/** The error for one classified string, or null when it may be stored. */
function checkString(value: string, cls: StringClass | undefined): string | null {
  const unstorable = unstorableReason(value);
  if (unstorable) return unstorable;
  const kind = cls === 'identifier' ? lookalikeOf(value, 'words') : cls === 'label' ? lookalikeOf(value, 'dotted_words') : null;
  return kind ? `looks like personal data (${kind})` : null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The checks a JSON schema cannot express, on every string of `value` that `schema` describes:
 * storable Unicode for all, no personal-data lookalike for identifiers and labels. Safe on input
 * that does not match the schema (it runs beside the schema check, to name the precise reason).
 */
export function checkStrings(schema: TSchema, value: unknown, prefix = ''): FieldError[] {
  const s = schema as Node;
  if (typeof value === 'string') {
    if (!isStringSchema(s)) return [];
    const message = checkString(value, classOf(schema));
    return message ? [{ path: prefix || '/', message }] : [];
  }
  if (!isRecord(value) || !s.properties) return [];
  const out: FieldError[] = [];
  for (const [k, child] of Object.entries(s.properties)) {
    if (Object.hasOwn(value, k)) out.push(...checkStrings(child, value[k], `${prefix}/${k}`));
  }
  return out;
}

/** String-check errors first; a schema error at the same path says less, so it is dropped. */
export function mergeErrors(stringErrors: FieldError[], schemaErrors: FieldError[]): FieldError[] {
  const named = new Set(stringErrors.map((e) => e.path));
  return [...stringErrors, ...schemaErrors.filter((e) => !named.has(e.path))];
}
