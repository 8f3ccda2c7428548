import fc from 'fast-check';

/**
 * Canary PII: values that are unmistakably personal data, each unique to the one place it was
 * put, so finding one anywhere in storage or logs names both the leak and the field it came in by.
 */
export const CANARY_KINDS = ['email', 'card', 'iban', 'phone', 'ipv4', 'ipv6', 'name', 'handle'] as const;
export type CanaryKind = (typeof CANARY_KINDS)[number];

/** How a stored value is normalised before looking for a canary (a leak may be reformatted). */
type Form = 'lower' | 'decoded' | 'digits' | 'alnum';

export interface Canary {
  id: number;
  kind: CanaryKind;
  /** The value as sent. */
  value: string;
  /** What must never be found, each in the normal form it is compared in. */
  needles: Array<{ form: Form; text: string }>;
}

const FIRST = [
  'Femke', 'Joris', 'Maartje', 'Sander', 'Ilse', 'Wouter', 'Anouk', 'Thijs', 'Roos', 'Bram', 'Lieke', 'Stijn', 'Noor', 'Ruben', 'Fleur', 'Gijs',
  'Marloes', 'Jeroen', 'Sanne', 'Koen', 'Eline', 'Daan', 'Iris', 'Pieter', 'Lotte', 'Hidde', 'Merel', 'Jasper', 'Floor', 'Teun', 'Annelies', 'Sjoerd',
];
const LAST = [
  ['van der', 'Hoeven'], ['van', 'Dijkhuizen'], ['de', 'Wetering'], ['', 'Bakhuis'], ['van den', 'Brink'], ['', 'Schoonderwoerd'],
  ['ter', 'Horst'], ['', 'Verkerk'], ['van', 'Oosterhout'], ['', 'Kuipers'], ['de', 'Graaf'], ['', 'Mulderij'],
  ['van', 'Wijngaarden'], ['', 'Hoogendoorn'], ['de', 'Bruijckere'], ['', 'Zwartjes'], ['van der', 'Meulen'], ['', 'Rietveld'],
  ['', 'Blokhuis'], ['van', 'Leeuwarden'], ['', 'Timmermans'], ['ten', 'Cate'], ['', 'Vlasblom'], ['van', 'Kooten'],
] as const;

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    if (d > 9) d -= 9;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function ibanComplete(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
}

const group = (s: string, size: number, sep: string) => s.match(new RegExp(`.{1,${size}}`, 'g'))!.join(sep);

/** The value of each kind, as a guest or a careless integration would write it. */
const VALUE: Record<CanaryKind, fc.Arbitrary<string>> = {
  email: fc
    .tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST), digits(4), fc.constantFrom('example.org', 'mail.example.com', 'example.nl'))
    // Surname first, so no email holds a `First.Last` handle canary (a finding names one canary).
    .map(([f, [, l], n, d]) => `${l}.${f}${n}@${d}`),
  card: fc
    .tuple(fc.constantFrom('4', '51', '52', '37', '6011'), digits(14), fc.constantFrom('', ' ', '-'))
    .map(([prefix, rest, sep]) => {
      const number = luhnComplete((prefix + rest).slice(0, prefix === '37' ? 14 : 15));
      return sep ? group(number, 4, sep) : number;
    }),
  iban: fc
    .tuple(fc.constantFrom('NL', 'DE'), fc.constantFrom('ABNA', 'INGB', 'RABO'), digits(10), digits(18), fc.boolean())
    .map(([country, bank, nl, de, spaced]) => {
      const iban = country === 'NL' ? ibanComplete('NL', bank + nl) : ibanComplete('DE', de);
      return spaced ? group(iban, 4, ' ') : iban;
    }),
  // Mobile ranges every phone library accepts as valid: NL 06, DE 0151, BE 047x.
  phone: fc
    .tuple(fc.constantFrom('+316', '+49151', '+32470', '+32475'), digits(8))
    .map(([prefix, rest]) => prefix + rest.slice(0, prefix.startsWith('+32') ? 6 : 8)),
  // Every octet three digits, so no canary is a prefix of another or of its own /24 network.
  ipv4: fc
    .tuple(fc.constantFrom(100, 101, 102, 104, 107, 108, 109, 128, 141, 151, 173, 185, 193, 212), fc.integer({ min: 100, max: 254 }), fc.integer({ min: 100, max: 254 }), fc.integer({ min: 101, max: 254 }))
    .map((o) => o.join('.')),
  // Eight groups of four hex digits, none leading with 0: the written form is also the canonical one.
  ipv6: fc
    .array(fc.integer({ min: 0x1000, max: 0xffff }), { minLength: 7, maxLength: 7 })
    .map((g) => ['2a02', ...g.map((x) => x.toString(16))].join(':')),
  name: fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([f, [p, l]]) => [f, p, l].filter(Boolean).join(' ')),
  handle: fc.tuple(fc.constantFrom(...FIRST), fc.constantFrom(...LAST)).map(([f, [p, l]]) => `${f}.${(p + l).replace(/ /g, '')}`),
};

function needlesOf(kind: CanaryKind, value: string): Canary['needles'] {
  switch (kind) {
    case 'card':
    case 'phone':
      return [{ form: 'digits', text: value.replace(/\D/g, '') }];
    case 'iban':
      return [{ form: 'alnum', text: value.replace(/\s/g, '').toUpperCase() }];
    case 'email':
    case 'name':
    case 'handle':
      return [
        { form: 'lower', text: value.toLowerCase() },
        { form: 'decoded', text: value.toLowerCase() },
      ];
    default:
      return [{ form: 'lower', text: value.toLowerCase() }];
  }
}

/**
 * A generator of canaries unique within one run: the same value twice would make a finding
 * ambiguous about where it came in.
 */
export class CanaryFactory {
  private readonly seen = new Set<string>();
  private next = 0;
  private readonly rng: () => number;

  constructor(seed: number) {
    // A seeded stream of fast-check samples, so a run (and its failure report) is reproducible.
    let s = seed >>> 0;
    this.rng = () => {
      s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
      return s;
    };
  }

  make(kind: CanaryKind): Canary {
    for (;;) {
      const [value] = fc.sample(VALUE[kind], { seed: this.rng(), numRuns: 1 });
      const needles = needlesOf(kind, value!);
      if (this.seen.has(needles[0]!.text)) continue;
      this.seen.add(needles[0]!.text);
      return { id: this.next++, kind, value: value!, needles };
    }
  }
}

/** Sentences that carry a canary the way a guest would write it in a free-text field. */
const SENTENCES: Record<CanaryKind, string[]> = {
  email: ['please write to {}', 'mail me at {} thanks', '{}'],
  card: ['my card is {}', 'charge {} for the spa', '{}'],
  iban: ['refund to IBAN {} please', 'my account {}', '{}'],
  phone: ['call me on {}', 'whatsapp {} when ready', '{}'],
  ipv4: ['my IP is {} and the wifi drops', '{}'],
  ipv6: ['connected from {}', '{}'],
  // A bare name is indistinguishable from a word; a guest names themselves with context.
  name: ['my name is {}', 'booked under the name {}', 'Mrs {} in the lobby'],
  handle: ['my username is {}', 'reach me as {} on the app', '{}'],
};

/** The value to put in a field: a sentence in free text, the bare canary in any other field. */
export function carrier(canary: Canary, freeText: boolean, maxLength: number, pick: number): string {
  if (!freeText) return canary.value;
  const options = SENTENCES[canary.kind];
  const text = options[pick % options.length]!.replace('{}', canary.value);
  return text.length <= maxLength ? text : canary.value;
}

// --- finding canaries in text -------------------------------------------------------------

const KEY = 6;

function safeDecode(s: string): string {
  return s.replace(/\+/g, ' ').replace(/%[0-9a-f]{2}/gi, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
}

// Card and phone numbers are compared digits-only, but only across the separators people write
// them with: joining digits across letters (hashes, ids) would invent matches.
const digitRuns = (s: string) => (s.match(/[0-9][0-9 \-().+/]*/g) ?? []).map((r) => r.replace(/\D/g, '')).join('|');
const alnumRuns = (s: string) => (s.match(/[A-Za-z0-9][A-Za-z0-9 ]*/g) ?? []).map((r) => r.replace(/ /g, '').toUpperCase()).join('|');

const NORMALISE: Record<Form, (s: string) => string> = {
  lower: (s) => s.toLowerCase(),
  decoded: (s) => safeDecode(s).toLowerCase().replace(/\s+/g, ' '),
  digits: digitRuns,
  alnum: alnumRuns,
};

/**
 * Finds many canaries in much text in one pass per normal form: needles are indexed by their
 * first few characters, so the cost grows with the text, not with text × canaries.
 */
export class CanaryIndex {
  private readonly byForm = new Map<Form, Map<string, Array<{ text: string; canary: Canary }>>>();

  constructor(canaries: Iterable<Canary>) {
    for (const canary of canaries) {
      for (const n of canary.needles) {
        let index = this.byForm.get(n.form);
        if (!index) this.byForm.set(n.form, (index = new Map()));
        const key = n.text.slice(0, KEY);
        const list = index.get(key) ?? [];
        list.push({ text: n.text, canary });
        index.set(key, list);
      }
    }
  }

  /** The canaries present in `text`, in any of the forms they are compared in. */
  find(text: string): Canary[] {
    const found = new Map<number, Canary>();
    for (const [form, index] of this.byForm) {
      const s = NORMALISE[form](text);
      for (let i = 0; i + KEY <= s.length; i++) {
        const candidates = index.get(s.slice(i, i + KEY));
        if (!candidates) continue;
        for (const c of candidates) if (s.startsWith(c.text, i)) found.set(c.canary.id, c.canary);
      }
    }
    return [...found.values()];
  }
}
