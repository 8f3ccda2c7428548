// Checks the third held-out corpus is well-formed and independent of the other corpora. Like the
// others, it never runs the detector: a held-out corpus stays honest only while no rule is tuned to it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isValidPhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { ENTITY_TYPES, type HardNegative, isIbanValid, isLuhnValid, type LabelledExample } from '../src/index';
import { ibanValid, LANGS, luhn, phoneRegions } from './corpus/heldout-v3/labels';
import { negativesJsonl, positivesJsonl } from './corpus/heldout-v3/render';
import { locateLabels } from './support/corpus';

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
const OWN = join(CORPUS, 'heldout-v3');

const jsonLines = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);

const positives = jsonLines(join(OWN, 'positives.jsonl')) as LabelledExample[];
const negatives = jsonLines(join(OWN, 'hard-negatives.jsonl')) as (HardNegative & { kind: string })[];
const labels = positives.flatMap((p) => p.entities.map((e) => ({ ...e, lang: p.lang })));
const valuesOf = (type: string) => labels.filter((l) => l.type === type).map((l) => l.value);

type CorpusLine = { text: string; entities?: { value: string }[] };

/** Every other corpus file under test/corpus/, in any subfolder, wherever the lead moves them. */
function otherCorpusLines(dir = CORPUS): CorpusLine[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === OWN) return [];
    if (statSync(path).isDirectory()) return otherCorpusLines(path);
    return name.endsWith('.jsonl') ? (jsonLines(path) as CorpusLine[]) : [];
  });
}

describe('the third held-out corpus', () => {
  it('is byte for byte what its source renders, so no offset was written by hand', () => {
    expect(readFileSync(join(OWN, 'positives.jsonl'), 'utf8')).toBe(positivesJsonl());
    expect(readFileSync(join(OWN, 'hard-negatives.jsonl'), 'utf8')).toBe(negativesJsonl());
  });

  it('labels only known types, each an unambiguous whole-token span', () => {
    for (const example of positives) {
      for (const label of example.entities) expect(ENTITY_TYPES, example.text).toContain(label.type);
      for (const span of locateLabels(example)) expect(example.text.slice(span.start, span.end)).toBe(span.value);
    }
  });

  it('has cards and IBANs that pass both its own checksums and the library validators', () => {
    const cards = valuesOf('CREDIT_CARD').map((v) => v.replace(/\D/g, ''));
    const ibans = valuesOf('IBAN').map((v) => v.replace(/[\s.-]/g, '').toUpperCase());
    for (const card of cards) expect([luhn(card), isLuhnValid(card)], card).toEqual([true, true]);
    for (const iban of ibans) expect([ibanValid(iban), isIbanValid(iban)], iban).toEqual([true, true]);
    for (const country of ['DE', 'FR', 'ES', 'IT', 'PT', 'NL', 'GB']) expect(ibans.some((i) => i.startsWith(country)), country).toBe(true);
  });

  it('rejects a corrupted check digit with its own checksums', () => {
    const bump = (s: string, at: number) => s.slice(0, at) + String((Number(s[at]) + 1) % 10) + s.slice(at + 1);
    for (const card of valuesOf('CREDIT_CARD').map((v) => v.replace(/\D/g, ''))) expect(luhn(bump(card, card.length - 1)), card).toBe(false);
    for (const iban of valuesOf('IBAN').map((v) => v.replace(/[\s.-]/g, '').toUpperCase())) expect(ibanValid(bump(iban, 3)), iban).toBe(false);
  });

  it('has only phone numbers that are valid in the region their line names', () => {
    const phones = valuesOf('PHONE');
    expect([...phoneRegions.keys()].sort()).toEqual([...phones].sort());
    for (const phone of phones) expect(isValidPhoneNumber(phone, phoneRegions.get(phone) as CountryCode), phone).toBe(true);
  });

  it('meets the promised size and covers every type in every language', () => {
    expect(positives.length).toBeGreaterThanOrEqual(200);
    expect(negatives.length).toBeGreaterThanOrEqual(120);
    const minimum: Record<string, number> = { EMAIL: 25, PHONE: 25, CREDIT_CARD: 20, IBAN: 15, PERSON: 40 };
    for (const type of ENTITY_TYPES) expect(valuesOf(type).length, type).toBeGreaterThanOrEqual(minimum[type] ?? 15);
    for (const lang of LANGS) {
      expect(positives.filter((p) => p.lang === lang).length, lang).toBeGreaterThanOrEqual(25);
      expect(negatives.filter((n) => n.lang === lang).length, lang).toBeGreaterThanOrEqual(15);
      for (const type of ENTITY_TYPES) expect(labels.some((l) => l.lang === lang && l.type === type), `${type} ${lang}`).toBe(true);
    }
  });

  it('repeats no utterance, gives every hard negative a kind, and shares no text or value with other corpora', () => {
    const own = [...positives, ...negatives].map((e) => e.text);
    expect(new Set(own).size).toBe(own.length);
    for (const negative of negatives) expect(negative.kind, negative.text).toMatch(/^[a-z-]+$/);
    const others = otherCorpusLines();
    expect(others.length).toBeGreaterThan(0);
    const otherTexts = new Set(others.map((o) => o.text));
    const otherValues = new Set(others.flatMap((o) => o.entities ?? []).map((e) => e.value.toLowerCase()));
    expect(own.filter((text) => otherTexts.has(text))).toEqual([]);
    // Room numbers are a few digits and coincide by chance; any other shared value would be copied.
    const copied = labels.filter((l) => l.type !== 'ROOM_NUMBER' && otherValues.has(l.value.toLowerCase()));
    expect(copied.map((l) => l.value)).toEqual([]);
  });
});
