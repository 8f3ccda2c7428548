import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLexiconSource, OUTPUT } from '../scripts/build-name-lexicon';

describe('the generated name lexicon', () => {
  it('is what the generator writes from the installed faker (regenerate: npx tsx scripts/build-name-lexicon.ts)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(buildLexiconSource());
  });
});
