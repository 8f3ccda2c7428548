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

type Checker = (value: unknown, prefix: string, out: FieldError[]) => void;

/**
 * Turns `schema` into a checker once: the walk over its properties, the class of each string and
 * the path of each error are worked out here, not per request. Null when the schema holds no
 * string to check.
 */
function compileChecker(schema: TSchema, path: string): Checker | null {
  const s = schema as Node;
  if (isStringSchema(s)) {
    const cls = classOf(schema);
    return (value, prefix, out) => {
      if (typeof value !== 'string') return;
      const message = checkString(value, cls);
      if (message) out.push({ path: prefix + path || '/', message });
    };
  }
  if (!s.properties) return null;
  const children: Array<[string, Checker]> = [];
  for (const [k, child] of Object.entries(s.properties)) {
    const c = compileChecker(child, `${path}/${k}`);
    if (c) children.push([k, c]);
  }
  if (children.length === 0) return null;
  return (value, prefix, out) => {
    if (!isRecord(value)) return;
    for (const [k, c] of children) if (Object.hasOwn(value, k)) c(value[k], prefix, out);
  };
}

const checkers = new WeakMap<TSchema, Checker | null>();

/**
 * The checks a JSON schema cannot express, on every string of `value` that `schema` describes:
 * storable Unicode for all, no personal-data lookalike for identifiers and labels. Safe on input
 * that does not match the schema (it runs beside the schema check, to name the precise reason).
 * Each schema is compiled into a checker on first use (it runs on every event of every request).
 */
export function checkStrings(schema: TSchema, value: unknown, prefix = ''): FieldError[] {
  let checker = checkers.get(schema);
  if (checker === undefined) checkers.set(schema, (checker = compileChecker(schema, '')));
  const out: FieldError[] = [];
  checker?.(value, prefix, out);
  return out;
}

/** String-check errors first; a schema error at the same path says less, so it is dropped. */
export function mergeErrors(stringErrors: FieldError[], schemaErrors: FieldError[]): FieldError[] {
  const named = new Set(stringErrors.map((e) => e.path));
  return [...stringErrors, ...schemaErrors.filter((e) => !named.has(e.path))];
}
