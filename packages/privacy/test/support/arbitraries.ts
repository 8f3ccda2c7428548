// fast-check generators for PII values and concierge-like text.
import fc from 'fast-check';
import { BBAN_SHAPES, CARD_BRANDS, makeCard, makeIban } from './checksum-values';

/** Random bits of text around an embedded value; printable ASCII and full Unicode alike. */
export const noise = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));

/** A Luhn-valid card of any brand and length, each gap between digits randomly '', ' ' or '-'. */
export const luhnCard = fc
  .record({
    brand: fc.constantFrom(...CARD_BRANDS),
    seed: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }),
    pick: fc.nat(),
    separators: fc.array(fc.constantFrom('', '', ' ', '-'), { minLength: 18, maxLength: 18 }),
  })
  .map(({ brand, seed, pick, separators }) => {
    const prefix = brand.prefixes[pick % brand.prefixes.length] ?? '4';
    const length = brand.lengths[pick % brand.lengths.length] ?? 16;
    let i = 0;
    const digits = makeCard(prefix, length, () => seed[i++ % seed.length] ?? 0);
    const formatted = [...digits].map((d, k) => (k === 0 ? d : (separators[k - 1] ?? '') + d)).join('');
    return { digits, formatted };
  });

/** A valid IBAN from one of several countries: compact, in blocks of four, upper or lower case. */
export const validIban = fc
  .record({
    country: fc.constantFrom(...Object.keys(BBAN_SHAPES)),
    seed: fc.array(fc.nat(), { minLength: 34, maxLength: 34 }),
    grouped: fc.boolean(),
    lower: fc.boolean(),
  })
  .map(({ country, seed, grouped, lower }) => {
    let i = 0;
    const compact = makeIban(country, (n) => (seed[i++ % seed.length] ?? 0) % n);
    const spaced = grouped ? (compact.match(/.{1,4}/g) ?? []).join(' ') : compact;
    return { compact, formatted: lower ? spaced.toLowerCase() : spaced };
  });

/** Email addresses as fast-check builds them (RFC 5322 local parts, real domain shapes). */
export const email = fc.emailAddress();

const fragment = fc.oneof(
  fc.constantFrom(
    'room', 'Room', 'suite', 'Zimmer', 'chambre', 'habitación', 'villa', 'passport', 'Reisepass', 'DNI', 'ID', 'born',
    'DOB', 'geboren am', 'né le', 'my name is', 'Mr', 'Frau', 'me llamo', 'call me on', 'tel', 'IBAN', 'card', 'at',
    'dot', 'gmail', 'and', 'und', 'y', 'et', 'booking', 'order', 'flight', 'table for', '€', '$', '%', ':', '/', '.',
    ',', '-', '+', '@', '#', '(', ')', '[', ']', '[EMAIL]', '[PHONE]', '[ROOM_NUMBER]', '[PERSON]', 'Anna', 'Müller',
    'José', 'O\'Brien', 'March', 'mai', 'de', 'of', 'the', 'here', 'thanks,', '\n', '7pm', '10:30', '12/03/2026',
  ),
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.stringMatching(/^\d{1,4}([ .-]\d{1,4}){0,4}$/),
  fc.stringMatching(/^\+\d{1,3} \d{2,4} \d{3,8}$/),
  fc.stringMatching(/^[A-Z]{1,2}\d{5,9}$/),
  fc.stringMatching(/^(\d{1,3}\.){3}\d{1,3}$/),
  fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.(com|de|fr|es)$/),
  luhnCard.map((c) => c.formatted),
  validIban.map((b) => b.formatted),
  fc.string({ maxLength: 6 }),
);

/** Chat-message-shaped strings: PII, near-PII, context words and placeholders in random order. */
export const conciergeText = fc
  .array(fc.tuple(fragment, fc.constantFrom(' ', ' ', ' ', '', ', ', '. ', '\n')), { maxLength: 18 })
  .map((parts) => parts.map(([f, sep]) => f + sep).join(''));
