// The well-formedness checks every blind corpus written as source gets. None runs the detector: a
// held-out corpus stays honest only while no rule is tuned to it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CountryCode, isValidPhoneNumber } from 'libphonenumber-js/max';
import { expect, it } from 'vitest';
import { ENTITY_TYPES, type HardNegative, isIbanValid, isLuhnValid, type LabelledExample } from '../../src/index';
import { locateLabels } from './corpus';
import { jsonLines, otherCorpusLines } from './corpus-source';

export interface BlindCorpus {
  /** Absolute folder holding positives.jsonl and hard-negatives.jsonl. */
  dir: string;
  positivesJsonl: () => string;
  negativesJsonl: () => string;
  /** The corpus's own checksum definitions, checked beside the library's. */
  luhn: (digits: string) => boolean;
  ibanValid: (compact: string) => boolean;
  langs: readonly string[];
}

export function loadBlindCorpus(dir: string) {
  const positives = jsonLines(join(dir, 'positives.jsonl')) as LabelledExample[];
  const negatives = jsonLines(join(dir, 'hard-negatives.jsonl')) as (HardNegative & { kind: string })[];
  const labels = positives.flatMap((p) => p.entities.map((e) => ({ ...e, lang: p.lang })));
  const valuesOf = (type: string) => labels.filter((l) => l.type === type).map((l) => l.value);
  return { positives, negatives, labels, valuesOf };
}

/** Registers the shared checks; call inside a `describe`. */
export function blindCorpusChecks(corpus: BlindCorpus): void {
  const { positives, negatives, labels, valuesOf } = loadBlindCorpus(corpus.dir);
  const digitsOf = (v: string) => v.replace(/\D/g, '');
  const compactIban = (v: string) => v.replace(/[\s.-]/g, '').toUpperCase();

  it('is byte for byte what its source renders, so no offset was written by hand', () => {
    expect(readFileSync(join(corpus.dir, 'positives.jsonl'), 'utf8')).toBe(corpus.positivesJsonl());
    expect(readFileSync(join(corpus.dir, 'hard-negatives.jsonl'), 'utf8')).toBe(corpus.negativesJsonl());
  });

  it('labels only known types, each an unambiguous whole-token span', () => {
    for (const example of positives) {
      for (const label of example.entities) expect(ENTITY_TYPES, example.text).toContain(label.type);
      for (const span of locateLabels(example)) expect(example.text.slice(span.start, span.end)).toBe(span.value);
    }
  });

  it('has cards and IBANs that pass both its own checksums and the library validators', () => {
    for (const card of valuesOf('CREDIT_CARD').map(digitsOf)) expect([corpus.luhn(card), isLuhnValid(card)], card).toEqual([true, true]);
    const ibans = valuesOf('IBAN').map(compactIban);
    for (const iban of ibans) expect([corpus.ibanValid(iban), isIbanValid(iban)], iban).toEqual([true, true]);
    for (const country of ['DE', 'FR', 'ES', 'IT', 'PT', 'NL', 'GB']) expect(ibans.some((i) => i.startsWith(country)), country).toBe(true);
  });

  it('rejects a corrupted check digit with its own checksums', () => {
    const bump = (s: string, at: number) => s.slice(0, at) + String((Number(s[at]) + 1) % 10) + s.slice(at + 1);
    for (const card of valuesOf('CREDIT_CARD').map(digitsOf)) expect(corpus.luhn(bump(card, card.length - 1)), card).toBe(false);
    for (const iban of valuesOf('IBAN').map(compactIban)) expect(corpus.ibanValid(bump(iban, 3)), iban).toBe(false);
  });

  it('meets the promised size and covers every type in every language', () => {
    expect(positives.length).toBeGreaterThanOrEqual(200);
    expect(negatives.length).toBeGreaterThanOrEqual(120);
    const minimum: Record<string, number> = { EMAIL: 25, PHONE: 25, CREDIT_CARD: 20, IBAN: 15, PERSON: 40 };
    for (const type of ENTITY_TYPES) expect(valuesOf(type).length, type).toBeGreaterThanOrEqual(minimum[type] ?? 15);
    for (const lang of corpus.langs) {
      expect(positives.filter((p) => p.lang === lang).length, lang).toBeGreaterThanOrEqual(25);
      expect(negatives.filter((n) => n.lang === lang).length, lang).toBeGreaterThanOrEqual(15);
      for (const type of ENTITY_TYPES) expect(labels.some((l) => l.lang === lang && l.type === type), `${type} ${lang}`).toBe(true);
    }
  });

  it('repeats no utterance, gives every hard negative a kind, and shares no text or value with other corpora', () => {
    const own = [...positives, ...negatives].map((e) => e.text);
    expect(new Set(own).size).toBe(own.length);
    for (const negative of negatives) expect(negative.kind, negative.text).toMatch(/^[a-z-]+$/);
    const others = otherCorpusLines(corpus.dir);
    expect(others.length).toBeGreaterThan(0);
    const otherTexts = new Set(others.map((o) => o.text));
    const otherValues = new Set(others.flatMap((o) => o.entities ?? []).map((e) => e.value.toLowerCase()));
    expect(own.filter((text) => otherTexts.has(text))).toEqual([]);
    // Room numbers are a few digits and coincide by chance; any other shared value would be copied.
    const copied = labels.filter((l) => l.type !== 'ROOM_NUMBER' && otherValues.has(l.value.toLowerCase()));
    expect(copied.map((l) => l.value)).toEqual([]);
  });
}

/**
 * Registers the check for corpora whose phone labels record the region their line names: every
 * label has a region and is a valid number there under libphonenumber's full metadata.
 */
export function phoneRegionCheck(dir: string, phoneRegions: ReadonlyMap<string, string>): void {
  it('has only phone numbers that are valid in the region their line names', () => {
    const phones = loadBlindCorpus(dir).valuesOf('PHONE');
    expect([...phoneRegions.keys()].sort()).toEqual([...phones].sort());
    for (const phone of phones) expect(isValidPhoneNumber(phone, phoneRegions.get(phone) as CountryCode), phone).toBe(true);
  });
}
