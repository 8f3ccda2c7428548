import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../src';

const Schema = Type.Object({
  PORT: Type.Integer({ default: 8001, minimum: 1, maximum: 65535 }),
  DEBUG: Type.Boolean({ default: false }),
  MODE: Type.Union([Type.Literal('fast'), Type.Literal('safe')], { default: 'safe' }),
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', errorMessage: 'must be a postgres:// URL' }),
  MONTHS: Type.Optional(Type.Integer({ minimum: 1 })),
});

function problems(env: Record<string, string | undefined>, check?: Parameters<typeof parseEnv<typeof Schema>>[2]): string[] {
  try {
    parseEnv(Schema, env, check);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('parseEnv', () => {
  it('defaults, converts and keeps only the schema\'s variables', () => {
    const env = parseEnv(Schema, { DATABASE_URL: 'postgres://h/db', PORT: '9000', DEBUG: 'true', OTHER: 'x' });
    expect(env).toEqual({ PORT: 9000, DEBUG: true, MODE: 'safe', DATABASE_URL: 'postgres://h/db' });
  });

  it('treats an empty variable as unset: the default applies, an optional one stays absent', () => {
    expect(parseEnv(Schema, { DATABASE_URL: 'postgres://h/db', PORT: '', MONTHS: '' })).toEqual({ PORT: 8001, DEBUG: false, MODE: 'safe', DATABASE_URL: 'postgres://h/db' });
    expect(problems({ DATABASE_URL: '' })).toEqual(['DATABASE_URL: is not set']);
  });

  it('lists every problem, one per variable, in the schema\'s order', () => {
    expect(problems({ PORT: '0', DEBUG: 'yes', MODE: 'quick', MONTHS: 'six' }, { hint: 'see .env.example' })).toEqual([
      'PORT: must be >= 1',
      'DEBUG: must be boolean',
      'MODE: must be one of fast | safe',
      'DATABASE_URL: is not set (see .env.example)',
      'MONTHS: must be integer',
    ]);
    expect(problems({ DATABASE_URL: 'mysql://h/db' })).toEqual(['DATABASE_URL: must be a postgres:// URL']);
  });

  it('runs the cross-variable check beside the refused variables, without them', () => {
    const seen: unknown[] = [];
    const check = (v: { PORT?: number; MONTHS?: number }, p: string[]) => {
      seen.push(v);
      if (v.MONTHS !== undefined && v.MONTHS > 12) p.push('MONTHS: at most a year unless PORT is 9000');
    };
    expect(problems({ PORT: 'x', MONTHS: '13' }, { check })).toEqual(['PORT: must be integer', 'DATABASE_URL: is not set', 'MONTHS: at most a year unless PORT is 9000']);
    expect(seen[0]).not.toHaveProperty('PORT');
  });

  it('heads its message with the title and lists the problems', () => {
    expect(() => parseEnv(Schema, {}, { title: 'invalid admin configuration' })).toThrow('invalid admin configuration:\n  - DATABASE_URL: is not set');
  });

  it('reads every variable of the schema, and only those (the chart\'s contract test records reads)', () => {
    const read = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, { get: (_t, k) => (read.add(String(k)), undefined) });
    expect(() => parseEnv(Schema, env)).toThrow(ConfigError);
    expect([...read]).toEqual(Object.keys(Schema.properties));
  });
});
