import type { Static, TObject, TSchema } from 'typebox';
import { Value } from 'typebox/value';

/** A deployable's configuration was refused; `problems` holds one `NAME: what is wrong` each. */
export class ConfigError extends Error {
  constructor(
    public readonly problems: string[],
    title = 'invalid configuration',
  ) {
    super(`${title}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export interface ParseEnvOptions<T extends TObject> {
  /** Heads the error message, e.g. `invalid admin configuration`. */
  title?: string;
  /** Said after `NAME: is not set`, e.g. where the variable is documented. */
  hint?: string;
  /**
   * Rules across variables, or beyond what a schema says (key lists, proxy ranges). Runs even
   * when a variable was refused, so every problem is listed at once; a refused variable is
   * absent from `value`, so a rule about it does not repeat its problem. Push `NAME: message`.
   */
  check?: (value: Partial<Static<T>>, problems: string[]) => void;
}

/**
 * Validates a flat environment against a TypeBox object schema, variable by variable: an unset
 * or empty variable takes its default (or is `not set` when it has none and is not optional),
 * text is converted to the schema's type (integers, booleans), and a variable the schema
 * refuses is reported once, in the schema's words or in its own `errorMessage`. Reads every
 * variable of the schema, and only those. Throws a ConfigError listing every problem.
 */
export function parseEnv<T extends TObject>(schema: T, env: Record<string, string | undefined>, options: ParseEnvOptions<T> = {}): Static<T> {
  const required = new Set<string>(schema.required ?? []);
  const value: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, property] of Object.entries(schema.properties as Record<string, TSchema & { default?: unknown }>)) {
    const raw = env[name];
    // Empty is unset: a chart or an .env file renders a variable it leaves alone as `NAME=`.
    if (raw === undefined || raw === '') {
      if (property.default !== undefined) value[name] = Value.Clone(property.default);
      else if (required.has(name)) problems.push(`${name}: is not set${options.hint ? ` (${options.hint})` : ''}`);
      continue;
    }
    const converted = Value.Convert(property, raw);
    const errors = [...Value.Errors(property, converted)];
    if (errors.length === 0) value[name] = converted;
    else problems.push(`${name}: ${describe(property, errors.map((e) => e.message))}`);
  }
  options.check?.(value as Partial<Static<T>>, problems);
  if (problems.length) throw new ConfigError(problems, options.title);
  return value as Static<T>;
}

/** The schema's own words when it has them; a choice of literals as its choices; else the validator's. */
function describe(property: TSchema & { errorMessage?: unknown; anyOf?: { const?: unknown }[] }, messages: string[]): string {
  if (typeof property.errorMessage === 'string') return property.errorMessage;
  const choices = property.anyOf?.map((s) => s.const);
  if (choices?.length && choices.every((c) => typeof c === 'string')) return `must be one of ${choices.join(' | ')}`;
  return [...new Set(messages)].join('; ');
}
