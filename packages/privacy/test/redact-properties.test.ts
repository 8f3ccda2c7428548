import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeholder, redact } from '../src/index';
import { conciergeText, email, luhnCard, noise, validIban } from './support/arbitraries';

const runs = { numRuns: 200 };

function expectWellFormed(input: string): void {
  const { text, entities } = redact(input);
  let rebuilt = '';
  let cursor = 0;
  for (const e of entities) {
    expect(e.start).toBeGreaterThanOrEqual(cursor);
    expect(e.end).toBeGreaterThan(e.start);
    expect(e.end).toBeLessThanOrEqual(input.length);
    rebuilt += input.slice(cursor, e.start) + placeholder(e.type);
    cursor = e.end;
  }
  rebuilt += input.slice(cursor);
  // Output = input with exactly the reported spans swapped for their placeholders.
  expect(text).toBe(rebuilt);
}

describe('redact properties', () => {
  it('is idempotent over arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 })), (s) => {
        const once = redact(s).text;
        expect(redact(once).text).toBe(once);
      }),
      runs,
    );
  });

  it('is idempotent over concierge-like strings', () => {
    fc.assert(
      fc.property(conciergeText, (s) => {
        const once = redact(s).text;
        expect(redact(once).text).toBe(once);
      }),
      runs,
    );
  });

  it('reports sorted, non-overlapping, in-bounds spans that are exactly what was replaced', () => {
    fc.assert(fc.property(conciergeText, (s) => expectWellFormed(s)), runs);
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => expectWellFormed(s)), runs);
  });

  it('removes any embedded email', () => {
    fc.assert(
      fc.property(noise, email, noise, (before, address, after) => {
        const out = redact(`${before} ${address} ${after}`).text;
        expect(out).not.toContain(address);
      }),
      runs,
    );
  });

  it('removes any embedded Luhn-valid card, whatever the brand, length and separators', () => {
    fc.assert(
      fc.property(noise, luhnCard, noise, (before, card, after) => {
        const out = redact(`${before} ${card.formatted} ${after}`).text;
        expect(out).not.toContain(card.formatted);
        expect(out.replace(/[ -]/g, '')).not.toContain(card.digits);
      }),
      runs,
    );
  });

  it('removes any embedded valid IBAN, compact or grouped, any case', () => {
    fc.assert(
      fc.property(noise, validIban, noise, (before, iban, after) => {
        const out = redact(`${before} ${iban.formatted} ${after}`).text;
        expect(out).not.toContain(iban.formatted);
        expect(out.replace(/\s/g, '').toUpperCase()).not.toContain(iban.compact.slice(4));
      }),
      runs,
    );
  });
});
