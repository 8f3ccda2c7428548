// Building blocks for the held-out corpus source: tagged templates that remember where each labelled
// span starts, and card / IBAN values generated with their own check digits. The checksum code here
// is written independently of the detector's on purpose, so the two cross-check each other.
import { createHash } from 'node:crypto';
import type { EntityType } from '../../../src/index';

export const HELDOUT_LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ja'] as const;
export type HeldoutLang = (typeof HELDOUT_LANGS)[number];

export interface Label {
  type: EntityType;
  value: string;
}

export interface PlacedLabel extends Label {
  start: number;
  end: number;
}

export interface Utterance {
  lang: HeldoutLang;
  text: string;
  labels: PlacedLabel[];
  /** WhatsApp-style: typos, no capitals, emojis, abbreviations. Only counted for the README. */
  chat: boolean;
}

type Tag = (strings: TemplateStringsArray, ...labels: Label[]) => Utterance;

function tag(lang: HeldoutLang): Tag {
  return (strings, ...labels) => {
    let text = strings[0] ?? '';
    const placed: PlacedLabel[] = [];
    labels.forEach((label, i) => {
      placed.push({ ...label, start: text.length, end: text.length + label.value.length });
      text += label.value + (strings[i + 1] ?? '');
    });
    return { lang, text, labels: placed, chat: false };
  };
}

export const say = Object.fromEntries(HELDOUT_LANGS.map((lang) => [lang, tag(lang)])) as Record<HeldoutLang, Tag>;

export function chat(utterance: Utterance): Utterance {
  return { ...utterance, chat: true };
}

const label =
  (type: EntityType) =>
  (value: string): Label => ({ type, value });

export const EMAIL = label('EMAIL');
export const PHONE = label('PHONE');
const CARD = label('CREDIT_CARD');
const IBAN = label('IBAN');
export const ID = label('ID_NUMBER');
export const PERSON = label('PERSON');
export const ROOM = label('ROOM_NUMBER');
export const IP = label('IP_ADDRESS');
export const DOB = label('DATE_OF_BIRTH');

/** Deterministic digits: the n-th value of a kind is always the same, so a rebuild is byte-identical. */
function digits(seed: string, count: number): string {
  let out = '';
  for (let round = 0; out.length < count; round++) {
    out += createHash('sha256').update(`${seed}/${round}`).digest('hex').replace(/\D/g, '');
  }
  return out.slice(0, count);
}

function luhnCheckDigit(payload: string): string {
  // Walking right to left, the digit next to the (future) check digit is the first to be doubled.
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const d = Number(payload[payload.length - 1 - i]);
    sum += i % 2 === 0 ? (d * 2) % 10 + Math.floor((d * 2) / 10) : d;
  }
  return String((10 - (sum % 10)) % 10);
}

const BRANDS = {
  visa: { prefix: '4', length: 16, groups: [4, 4, 4, 4] },
  visa13: { prefix: '4', length: 13, groups: [4, 4, 5] },
  mastercard: { prefix: '53', length: 16, groups: [4, 4, 4, 4] },
  mastercard2: { prefix: '2221', length: 16, groups: [4, 4, 4, 4] },
  amex: { prefix: '37', length: 15, groups: [4, 6, 5] },
  discover: { prefix: '6011', length: 16, groups: [4, 4, 4, 4] },
  jcb: { prefix: '3528', length: 16, groups: [4, 4, 4, 4] },
  diners: { prefix: '36', length: 14, groups: [4, 6, 4] },
  unionpay: { prefix: '62', length: 19, groups: [4, 4, 4, 4, 3] },
  maestro: { prefix: '6759', length: 16, groups: [4, 4, 4, 4] },
} as const;

export type Brand = keyof typeof BRANDS;
/** A separator between groups, or 'mixed' for space / dash / dot in turn. */
export type CardStyle = ' ' | '-' | '.' | '' | 'mixed';

let cardCount = 0;

/** A Luhn-valid card number of `brand`, printed with `style`. */
export function card(brand: Brand, style: CardStyle): Label {
  const { prefix, length, groups } = BRANDS[brand];
  const payload = prefix + digits(`card/${cardCount++}`, length - prefix.length - 1);
  const compact = payload + luhnCheckDigit(payload);
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    parts.push(compact.slice(at, at + size));
    at += size;
  }
  const mixed = [' ', '-', '.'];
  const value = parts.reduce((acc, part, i) => acc + (style === 'mixed' ? (mixed[(i - 1) % 3] ?? ' ') : style) + part);
  return CARD(value);
}

/** Fixed bank codes make the values look real; the rest of each BBAN is generated. */
const BANKS = {
  DE: ['37040044', '10010010', '50010517'],
  FR: ['3000400003', '2004101005', '1027807650'],
  ES: ['21000418', '00490001', '20852066'],
  IT: ['X0306909606', 'K0200801633', 'A0503411701'],
  PT: ['00330000', '00350697', '00070000'],
  NL: ['ABNA', 'INGB', 'RABO'],
  GB: ['NWBK601613', 'BARC200415', 'LOYD309634'],
} as const;

const BBAN_LENGTH = { DE: 18, FR: 23, ES: 20, IT: 23, PT: 21, NL: 14, GB: 18 } as const;

export type IbanCountry = keyof typeof BANKS;
export type IbanStyle = 'compact' | 'grouped' | 'lower' | 'lower-compact';

/** ISO 13616: move the country and check to the end, letters to 10..35, remainder mod 97. */
function mod97(rearranged: string): number {
  let remainder = 0;
  for (const ch of rearranged) {
    const n = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of n) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder;
}

let ibanCount = 0;

/** A mod-97-valid IBAN for `country`, printed compact or in groups of four, upper or lower case. */
export function iban(country: IbanCountry, style: IbanStyle): Label {
  const n = ibanCount++;
  const banks = BANKS[country];
  const bank = banks[n % banks.length] ?? '';
  const bban = bank + digits(`iban/${n}`, BBAN_LENGTH[country] - bank.length);
  const check = String(98 - mod97(`${bban}${country}00`)).padStart(2, '0');
  const compact = `${country}${check}${bban}`;
  const printed = style === 'grouped' || style === 'lower' ? (compact.match(/.{1,4}/g) ?? []).join(' ') : compact;
  return IBAN(style.startsWith('lower') ? printed.toLowerCase() : printed);
}
