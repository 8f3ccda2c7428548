import { describe, expect, it } from 'vitest';
import { documentedVariables, exampleMismatch } from '../src';

const example = `# comment lines and NAME mentions in prose do not count
PORT=8001          # trailing comment
RETENTION_MONTHS=  # empty is documented too
  INDENTED=1
`;

describe('.env.example against a schema', () => {
  it('documents the NAME= lines', () => {
    expect(documentedVariables(example)).toEqual(['PORT', 'RETENTION_MONTHS']);
  });

  it('finds variables read but undocumented, and documented but read by nobody', () => {
    expect(exampleMismatch(example, ['PORT', 'RETENTION_MONTHS'])).toEqual({ undocumented: [], unread: [] });
    expect(exampleMismatch(example, ['PORT', 'HOST'])).toEqual({ undocumented: ['HOST'], unread: ['RETENTION_MONTHS'] });
    expect(exampleMismatch(example, ['PORT'], ['RETENTION_MONTHS'])).toEqual({ undocumented: [], unread: [] });
  });
});
